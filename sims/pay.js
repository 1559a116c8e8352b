#!/usr/bin/env node
// A payment provider SIMULATOR for tests and the demo: it speaks VNPay 2.1.0's protocol (signed payment
// page, signed IPN, signed return, querydr) on loopback and lets the person choose what happens. It moves
// no money and must never run in production. Node's standard library only.
//
//   node sims/pay.js [--port 8180] [--late-seconds 5] [--merchant CODE:SECRET:IPN_URL]...
//
// Control endpoints for tests (loopback, like everything here):
//   POST /sim/merchants {tmn_code, secret, ipn_url}   registers or replaces a merchant
//   GET  /sim/transactions                            what happened: payments, IPN attempts, queries
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');

for (const name of ['NODE_ENV', 'MOTCUA_ENV']) {
  if ((process.env[name] || '').toLowerCase() === 'production') {
    console.error(`pay.js is a payment SIMULATOR and does not start when ${name}=production`);
    process.exit(1);
  }
}

const options = { port: 8180, lateSeconds: 5, merchants: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const value = argv[i + 1];
  switch (argv[i]) {
    case '--port': options.port = Number(value); i++; break;
    case '--late-seconds': options.lateSeconds = Number(value); i++; break;
    case '--merchant': {
      // The IPN address has colons of its own: only the first two separate.
      const m = /^([^:]+):([^:]+):(.+)$/.exec(value || '');
      if (!m) usage(`--merchant wants CODE:SECRET:IPN_URL, not ${value}`);
      options.merchants.push({ tmn_code: m[1], secret: m[2], ipn_url: m[3] });
      i++;
      break;
    }
    default: usage(`unknown argument ${argv[i]}`);
  }
}
if (!Number.isInteger(options.port) || !(options.lateSeconds >= 0)) usage('bad --port or --late-seconds');

function usage(message) {
  console.error(`${message}\nusage: node sims/pay.js [--port N] [--late-seconds N] [--merchant CODE:SECRET:IPN_URL]...`);
  process.exit(2);
}

const merchants = new Map(options.merchants.map((m) => [m.tmn_code, m]));
// Keyed by merchant and reference; each holds the request, the outcome and every IPN attempt.
const transactions = new Map();
const queries = [];
let nextTransactionNo = 14000001;

// What a choice on the page does: the result codes VNPay sends, and how the IPN goes.
const OUTCOMES = {
  success: { code: '00', status: '00', ipn: 'once', vi: 'Thanh toán thành công', en: 'Pay successfully' },
  'success-twice': { code: '00', status: '00', ipn: 'twice', vi: 'Thành công, gửi thông báo (IPN) hai lần', en: 'Success, notification (IPN) sent twice' },
  'success-late': { code: '00', status: '00', ipn: 'late', vi: 'Thành công, thông báo (IPN) đến muộn', en: 'Success, notification (IPN) arrives late' },
  'success-silent': { code: '00', status: '00', ipn: 'none', vi: 'Thành công, không gửi thông báo (chỉ tra cứu thấy)', en: 'Success, no notification (only a query shows it)' },
  'fail-51': { code: '51', status: '02', ipn: 'once', vi: 'Thất bại: tài khoản không đủ số dư (51)', en: 'Failure: insufficient funds (51)' },
  'cancel-24': { code: '24', status: '02', ipn: 'once', vi: 'Khách hàng hủy giao dịch (24)', en: 'Cancelled by the customer (24)' },
  'timeout-11': { code: '11', status: '02', ipn: 'once', vi: 'Hết thời gian chờ thanh toán (11)', en: 'Payment timed out (11)' },
};

const ERRORS = {
  '01': { vi: 'Giao dịch đã tồn tại', en: 'The transaction already exists' },
  '02': { vi: 'Merchant không hợp lệ', en: 'Invalid merchant' },
  '03': { vi: 'Dữ liệu gửi sang không đúng định dạng', en: 'The data sent is not in the right format' },
  '11': { vi: 'Đã hết hạn chờ thanh toán', en: 'The payment has expired' },
  '97': { vi: 'Chữ ký không hợp lệ', en: 'Invalid signature' },
};

// PHP's urlencode, the provider's reference: letters, digits and -_. stay, space is +, the rest %XX.
function formEncode(s) {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

function hmac(secret, data) {
  return crypto.createHmac('sha512', secret).update(Buffer.from(data, 'utf-8')).digest('hex');
}

function signedQuery(params) {
  return Object.keys(params)
    .filter((k) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${formEncode(params[k])}`)
    .join('&');
}

function signedMatches(secret, data, given) {
  const expected = Buffer.from(hmac(secret, data), 'hex');
  const received = Buffer.from(/^[0-9a-fA-F]{128}$/.test(given || '') ? given : '', 'hex');
  return received.length === expected.length && crypto.timingSafeEqual(received, expected);
}

// yyyyMMddHHmmss in Vietnam's time (UTC+7), whatever the machine's zone.
function wireTime(date) {
  const t = new Date(date.getTime() + 7 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}`;
}

function parseWireTime(s) {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s || '');
  return m ? Date.UTC(m[1], m[2] - 1, m[3], m[4], m[5], m[6]) - 7 * 3600 * 1000 : NaN;
}

function log(message) {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function formatVnd(wireAmount) {
  return `${String(BigInt(wireAmount) / 100n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;
}

const STYLE = `
  body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }
  .banner { background: #7a1a00; color: #fff; padding: 1rem; font-size: 1.25rem; font-weight: 700; text-align: center; }
  .banner span { display: block; font-size: 1rem; font-weight: 400; }
  main { max-width: 32rem; margin: 0 auto; padding: 1rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
  dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
  .amount { font-size: 1.5rem; font-weight: 700; }
  fieldset { border: 1px solid #555; border-radius: .5rem; padding: 1rem; }
  legend { font-weight: 600; padding: 0 .25rem; }
  button { display: block; width: 100%; min-height: 3rem; margin: .5rem 0; font: inherit; border-radius: .5rem;
           border: 2px solid #0b3d91; background: #0b3d91; color: #fff; cursor: pointer; }
  button.other { background: #fff; color: #0b3d91; }
  :focus-visible { outline: 3px solid #b35900; outline-offset: 3px; }
  .error { border-left: .5rem solid #7a1a00; padding: .5rem 1rem; background: #fdf0ec; }
`;

// `formTo`: where the page's form may send the browser, its redirect included (browsers hold a
// redirect after a form to form-action too).
function page(res, status, lang, title, body, formTo = "'self'") {
  const other = lang === 'vi' ? 'en' : 'vi';
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="banner" role="banner">
${lang === 'vi' ? 'MÔI TRƯỜNG GIẢ LẬP — không phải cổng thanh toán thật' : 'SIMULATOR — not a real payment gateway'}
<span lang="${other}">${lang === 'vi' ? 'SIMULATOR — not a real payment gateway' : 'MÔI TRƯỜNG GIẢ LẬP — không phải cổng thanh toán thật'}</span>
</header>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action ${formTo}`,
    'cache-control': 'no-store',
  });
  res.end(html);
}

function errorPage(res, lang, code) {
  const e = ERRORS[code];
  const title = lang === 'vi' ? 'Không thực hiện được giao dịch' : 'The transaction cannot be made';
  page(res, 400, lang, title,
    `<p class="error" role="alert">${lang === 'vi' ? 'Mã lỗi' : 'Error code'}: <strong data-code="${code}">${code}</strong> — ${escapeHtml(e[lang === 'vi' ? 'vi' : 'en'])}</p>`);
}

function payPage(req, res, url) {
  const params = Object.fromEntries(url.searchParams);
  const lang = params.vnp_Locale === 'en' ? 'en' : 'vi';
  const merchant = merchants.get(params.vnp_TmnCode);
  if (!merchant) return errorPage(res, lang, '02');
  if (!signedMatches(merchant.secret, signedQuery(params), params.vnp_SecureHash)) {
    log(`pay ${params.vnp_TmnCode}/${params.vnp_TxnRef}: bad signature (97)`);
    return errorPage(res, lang, '97');
  }
  const required = ['vnp_Amount', 'vnp_CreateDate', 'vnp_CurrCode', 'vnp_IpAddr', 'vnp_OrderInfo', 'vnp_ReturnUrl', 'vnp_TxnRef'];
  if (params.vnp_Version !== '2.1.0' || params.vnp_Command !== 'pay' || params.vnp_CurrCode !== 'VND'
    || required.some((k) => !params[k]) || !/^\d+00$/.test(params.vnp_Amount)
    || Number.isNaN(parseWireTime(params.vnp_CreateDate))) {
    return errorPage(res, lang, '03');
  }
  if (!URL.canParse(params.vnp_ReturnUrl)) return errorPage(res, lang, '03');
  if (params.vnp_ExpireDate && parseWireTime(params.vnp_ExpireDate) < Date.now()) return errorPage(res, lang, '11');
  const key = `${params.vnp_TmnCode}|${params.vnp_TxnRef}`;
  let txn = transactions.get(key);
  if (txn && (txn.state !== 'pending' || txn.amount !== params.vnp_Amount)) return errorPage(res, lang, '01');
  if (!txn) {
    txn = {
      token: crypto.randomBytes(16).toString('hex'),
      tmn_code: params.vnp_TmnCode,
      txn_ref: params.vnp_TxnRef,
      amount: params.vnp_Amount,
      order_info: params.vnp_OrderInfo,
      create_date: params.vnp_CreateDate,
      return_url: params.vnp_ReturnUrl,
      locale: params.vnp_Locale || 'vn',
      state: 'pending',
      outcome: null,
      response_code: null,
      transaction_status: '01',
      transaction_no: '',
      pay_date: '',
      bank_code: '',
      ipn: [],
    };
    transactions.set(key, txn);
  }
  const vi = lang === 'vi';
  const buttons = Object.entries(OUTCOMES)
    .map(([value, o], i) => `<button type="submit" name="outcome" value="${value}"${i ? ' class="other"' : ''}>${escapeHtml(vi ? o.vi : o.en)}</button>`)
    .join('\n');
  page(res, 200, lang, vi ? 'Thanh toán (giả lập)' : 'Payment (simulated)', `
<dl>
<dt>${vi ? 'Số tiền' : 'Amount'}</dt><dd class="amount">${formatVnd(params.vnp_Amount)}</dd>
<dt>${vi ? 'Nội dung' : 'Order'}</dt><dd>${escapeHtml(params.vnp_OrderInfo)}</dd>
<dt>${vi ? 'Mã giao dịch' : 'Reference'}</dt><dd>${escapeHtml(params.vnp_TxnRef)}</dd>
<dt>${vi ? 'Đơn vị nhận' : 'Merchant'}</dt><dd>${escapeHtml(params.vnp_TmnCode)}</dd>
</dl>
<form method="post" action="/paymentv2/choose">
<input type="hidden" name="token" value="${txn.token}">
<fieldset>
<legend>${vi ? 'Chọn kết quả giả lập' : 'Choose the simulated outcome'}</legend>
${buttons}
</fieldset>
</form>`, `'self' ${new URL(params.vnp_ReturnUrl).origin}`);
}

function resultParams(txn) {
  const p = {
    vnp_Amount: txn.amount,
    vnp_BankCode: txn.bank_code,
    vnp_CardType: 'ATM',
    vnp_OrderInfo: txn.order_info,
    vnp_PayDate: txn.pay_date,
    vnp_ResponseCode: txn.response_code,
    vnp_TmnCode: txn.tmn_code,
    vnp_TransactionNo: txn.transaction_no,
    vnp_TransactionStatus: txn.transaction_status,
    vnp_TxnRef: txn.txn_ref,
  };
  if (txn.response_code === '00') p.vnp_BankTranNo = `VNP${txn.transaction_no}`;
  const query = signedQuery(p);
  return `${query}&vnp_SecureHash=${hmac(merchants.get(txn.tmn_code).secret, query)}`;
}

function sendIpn(txn) {
  const merchant = merchants.get(txn.tmn_code);
  const target = `${merchant.ipn_url}${merchant.ipn_url.includes('?') ? '&' : '?'}${resultParams(txn)}`;
  const attempt = { at: new Date().toISOString(), status: null, body: null, rsp_code: null, error: null };
  txn.ipn.push(attempt);
  return new Promise((resolve) => {
    const req = http.get(target, { timeout: 10000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => {
        attempt.status = res.statusCode;
        attempt.body = body;
        try { attempt.rsp_code = JSON.parse(body).RspCode ?? null; } catch { /* logged as the body */ }
        log(`ipn ${txn.tmn_code}/${txn.txn_ref} -> ${res.statusCode} RspCode=${attempt.rsp_code}`);
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => {
      attempt.error = e.message;
      log(`ipn ${txn.tmn_code}/${txn.txn_ref} failed: ${e.message}`);
      resolve();
    });
  });
}

async function choose(req, res) {
  const form = new URLSearchParams(await readBody(req));
  const txn = [...transactions.values()].find((t) => t.token === form.get('token'));
  const outcome = OUTCOMES[form.get('outcome')];
  if (!txn || !outcome) return errorPage(res, 'vi', '03');
  const lang = txn.locale === 'en' ? 'en' : 'vi';
  if (txn.state !== 'pending') return errorPage(res, lang, '01');
  txn.state = 'done';
  txn.outcome = form.get('outcome');
  txn.response_code = outcome.code;
  txn.transaction_status = outcome.status;
  txn.transaction_no = String(nextTransactionNo++);
  txn.pay_date = wireTime(new Date());
  txn.bank_code = 'NCB';
  log(`pay ${txn.tmn_code}/${txn.txn_ref}: ${txn.outcome} (${outcome.code}) no ${txn.transaction_no}`);
  if (outcome.ipn === 'once' || outcome.ipn === 'twice') await sendIpn(txn);
  if (outcome.ipn === 'twice') await sendIpn(txn);
  if (outcome.ipn === 'late') setTimeout(() => sendIpn(txn), options.lateSeconds * 1000);
  const ret = txn.return_url;
  res.writeHead(302, { location: `${ret}${ret.includes('?') ? '&' : '?'}${resultParams(txn)}`, 'cache-control': 'no-store' });
  res.end();
}

// querydr: the request is signed over RequestId|Version|Command|TmnCode|TxnRef|TransactionDate|
// CreateDate|IpAddr|OrderInfo, the answer over its fields joined with | in VNPay's order.
async function queryDr(req, res) {
  let body;
  try { body = JSON.parse(await readBody(req)); } catch { body = null; }
  const answer = (fields, secret) => {
    const a = { vnp_ResponseId: crypto.randomBytes(16).toString('hex'), vnp_Command: 'querydr', ...fields };
    if (secret) {
      const data = ['vnp_ResponseId', 'vnp_Command', 'vnp_ResponseCode', 'vnp_Message', 'vnp_TmnCode', 'vnp_TxnRef',
        'vnp_Amount', 'vnp_BankCode', 'vnp_PayDate', 'vnp_TransactionNo', 'vnp_TransactionType',
        'vnp_TransactionStatus', 'vnp_OrderInfo', 'vnp_PromotionCode', 'vnp_PromotionAmount']
        .map((k) => a[k] ?? '').join('|');
      a.vnp_SecureHash = hmac(secret, data);
    }
    queries.push({ at: new Date().toISOString(), request: body, answer: a });
    log(`querydr ${a.vnp_TmnCode}/${a.vnp_TxnRef} -> ${a.vnp_ResponseCode}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(a));
  };
  const merchant = body && merchants.get(body.vnp_TmnCode);
  if (!merchant) return answer({ vnp_ResponseCode: '02', vnp_Message: 'Invalid TmnCode' });
  const base = { vnp_TmnCode: merchant.tmn_code, vnp_TxnRef: String(body.vnp_TxnRef ?? '') };
  const data = ['vnp_RequestId', 'vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_TransactionDate',
    'vnp_CreateDate', 'vnp_IpAddr', 'vnp_OrderInfo'].map((k) => body[k] ?? '').join('|');
  if (!signedMatches(merchant.secret, data, body.vnp_SecureHash)) {
    return answer({ ...base, vnp_ResponseCode: '97', vnp_Message: 'Invalid Checksum' }, merchant.secret);
  }
  if (body.vnp_Command !== 'querydr' || body.vnp_Version !== '2.1.0' || !body.vnp_RequestId || !body.vnp_TxnRef
    || Number.isNaN(parseWireTime(String(body.vnp_TransactionDate))) || Number.isNaN(parseWireTime(String(body.vnp_CreateDate)))) {
    return answer({ ...base, vnp_ResponseCode: '03', vnp_Message: 'Invalid data format' }, merchant.secret);
  }
  const txn = transactions.get(`${merchant.tmn_code}|${body.vnp_TxnRef}`);
  // The provider finds a payment by its reference and the date it was created on the merchant's side.
  if (!txn || txn.create_date !== String(body.vnp_TransactionDate)) {
    return answer({ ...base, vnp_ResponseCode: '91', vnp_Message: 'Transaction not found' }, merchant.secret);
  }
  answer({
    ...base,
    vnp_ResponseCode: '00',
    vnp_Message: 'QueryDR Success',
    vnp_Amount: txn.amount,
    vnp_BankCode: txn.bank_code,
    vnp_PayDate: txn.pay_date,
    vnp_TransactionNo: txn.transaction_no,
    vnp_TransactionType: '01',
    vnp_TransactionStatus: txn.transaction_status,
    vnp_OrderInfo: txn.order_info,
  }, merchant.secret);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      body += c;
      if (body.length > 64 * 1024) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function registerMerchant(req, res) {
  let m;
  try { m = JSON.parse(await readBody(req)); } catch { m = null; }
  if (!m || typeof m.tmn_code !== 'string' || typeof m.secret !== 'string' || typeof m.ipn_url !== 'string'
    || !m.tmn_code || !m.secret || !/^https?:\/\//.test(m.ipn_url)) {
    return json(res, 400, { error: 'wants {tmn_code, secret, ipn_url}' });
  }
  merchants.set(m.tmn_code, { tmn_code: m.tmn_code, secret: m.secret, ipn_url: m.ipn_url });
  log(`merchant ${m.tmn_code} -> ${m.ipn_url}`);
  json(res, 200, { tmn_code: m.tmn_code, ipn_url: m.ipn_url });
}

function listTransactions(res) {
  json(res, 200, {
    transactions: [...transactions.values()].map(({ token, ...t }) => t),
    queries,
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const route = `${req.method} ${url.pathname}`;
  const handle = {
    'GET /paymentv2/vpcpay.html': () => payPage(req, res, url),
    'POST /paymentv2/choose': () => choose(req, res),
    'POST /merchant_webapi/api/transaction': () => queryDr(req, res),
    'POST /sim/merchants': () => registerMerchant(req, res),
    'GET /sim/transactions': () => listTransactions(res),
  }[route];
  if (!handle) return json(res, 404, { error: `no ${route} here` });
  Promise.resolve(handle()).catch((e) => {
    log(`${route} failed: ${e.stack || e}`);
    if (!res.headersSent) json(res, 500, { error: 'simulator error' });
  });
});

server.listen(options.port, '127.0.0.1', () => {
  // The first line is the address, for the scripts and tests that read it.
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});

// A script that execs the server in its place leaves the simulator behind when the server goes: when
// the parent is gone (reparented), so is the simulator.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
