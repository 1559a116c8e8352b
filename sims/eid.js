// A stand-in for the national e-ID (VNeID) OpenID provider, for tests and demos only: a real,
// certified OpenID Connect provider (the `oidc-provider` package) on loopback, with made-up
// people. It signs in whoever the tester picks, with no password: never run it where real people
// sign in.
//
//   node sims/eid.js --port 0 --client-id motcua --client-secret S \
//        --redirect-uri http://127.0.0.1:8080/api/v1/auth/eid/callback [--misbehave expired|wrong-key]
//
// The first line it prints is `listening on http://127.0.0.1:NNNN`, the issuer.
// `--misbehave` makes every ID token it issues bad in one way, for the tests that the relying party
// refuses it: `expired` (exp an hour ago), `wrong-key` (signed by a key it does not publish).
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const { parseArgs } = require('node:util');

for (const name of ['NODE_ENV', 'MOTCUA_ENV']) {
  if (process.env[name] === 'production') {
    console.error(`eid.js is a test identity provider and refuses to run with ${name}=production.`);
    process.exit(2);
  }
}

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'client-id': { type: 'string', default: 'motcua' },
    'client-secret': { type: 'string', default: 'motcua-test-secret' },
    'redirect-uri': { type: 'string', multiple: true, default: [] },
    misbehave: { type: 'string' },
  },
});
const redirectUris = args['redirect-uri'].flatMap((u) => u.split(',')).map((u) => u.trim()).filter(Boolean);
if (redirectUris.length === 0) {
  console.error('eid.js: give at least one --redirect-uri.');
  process.exit(2);
}
if (args.misbehave && !['expired', 'wrong-key'].includes(args.misbehave)) {
  console.error('eid.js: --misbehave is expired or wrong-key.');
  process.exit(2);
}

// Made-up people. Each ID number's 4th digit is sex and century, the 5th and 6th the year of birth,
// as on a real CCCD, so the relying party's checks pass.
const PEOPLE = [
  { sub: 'vneid-0001', SoDinhDanh: '001090012345', HoVaTen: 'Nguyễn Văn An', NgayThangNamSinh: '19900515' },
  { sub: 'vneid-0002', SoDinhDanh: '079185004321', HoVaTen: 'Trần Thị Bình', NgayThangNamSinh: '19851102' },
  { sub: 'vneid-0003', SoDinhDanh: '038203000777', HoVaTen: 'Lê Hoàng Cường', NgayThangNamSinh: '20030228' },
  { sub: 'vneid-0004', SoDinhDanh: '042078001234', HoVaTen: 'Phạm Minh Đức', NgayThangNamSinh: '19780714' },
];

function claimsOf(person) {
  const d = person.NgayThangNamSinh;
  return {
    sub: person.sub,
    TechID: `tech-${person.sub}`,
    LoaiTaiKhoan: 'CongDan',
    loginIdp: 'BCA',
    SoDinhDanh: person.SoDinhDanh,
    HoVaTen: person.HoVaTen,
    NgayThangNamSinh: d,
    name: person.HoVaTen,
    birthdate: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
  };
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function rsaJwk(kid) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

// A JWT's payload changed by `edit`, signed with `jwk` under the original header.
function resign(token, jwk, edit) {
  const [header, payload] = token.split('.');
  const claims = edit(JSON.parse(Buffer.from(payload, 'base64url')));
  const input = `${header}.${b64url(JSON.stringify(claims))}`;
  const key = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  return `${input}.${b64url(crypto.sign('RSA-SHA256', Buffer.from(input), key))}`;
}

const escape = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function page(title, body) {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:32rem;padding:1rem;color:#1a1a1a}
.warn{background:#fff4ce;border:1px solid #8a6d00;padding:.5rem .75rem}
ul{list-style:none;padding:0}li{margin:.5rem 0}
button{font:inherit;width:100%;min-height:44px;text-align:left;padding:.5rem .75rem;background:#fff;border:2px solid #0b57d0;border-radius:4px;color:#0b3d91;cursor:pointer}
button:focus{outline:3px solid #1a1a1a;outline-offset:2px}
</style></head>
<body><main>${body}</main></body></html>`;
}

async function main() {
  const { default: Provider, interactionPolicy } = await import('oidc-provider');
  // Every sign-in asks who it is, as a shared test browser needs: a person signed in a moment ago
  // is not signed in again unasked.
  const policy = interactionPolicy.base();
  policy.get('login').checks.add(
    new interactionPolicy.Check('pick_each_time', 'the tester picks a person at every sign-in', (ctx) =>
      ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );
  const signing = rsaJwk('eid-sim-1');
  const server = http.createServer();
  await new Promise((resolve) => server.listen(Number(args.port), '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: args['client-id'],
        client_secret: args['client-secret'],
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
      },
    ],
    jwks: { keys: [signing] },
    pkce: { required: () => true },
    // The national provider's own claims, and the standard ones, in the ID token itself.
    claims: {
      openid: ['sub', 'TechID', 'LoaiTaiKhoan', 'loginIdp', 'SoDinhDanh', 'HoVaTen', 'NgayThangNamSinh', 'name', 'birthdate'],
    },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    async findAccount(ctx, sub) {
      const person = PEOPLE.find((p) => p.sub === sub);
      return person && { accountId: sub, claims: async () => claimsOf(person) };
    },
    interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // The relying party is the province's own portal: no consent screen.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid');
      await grant.save();
      return grant;
    },
    ttl: { Session: 60, Interaction: 600, AuthorizationCode: 60, IdToken: 300, AccessToken: 300, Grant: 600 },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Lỗi', `<h1>Lỗi</h1><p>${escape(out.error)}: ${escape(out.error_description || '')}</p>`);
    },
  });

  // The page where the tester picks who signs in, and its answer.
  provider.use(async (ctx, next) => {
    if (ctx.method === 'GET' && /^\/interaction\/[^/]+$/.test(ctx.path)) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      const choices = PEOPLE.map(
        (p) => `<li><form method="post" action="/interaction/${escape(details.uid)}/login">
<input type="hidden" name="sub" value="${escape(p.sub)}">
<button type="submit">${escape(p.HoVaTen)} — ${escape(p.SoDinhDanh)}</button></form></li>`,
      ).join('\n');
      ctx.type = 'html';
      ctx.body = page(
        'VNeID (thử nghiệm)',
        `<h1>Định danh điện tử — môi trường thử nghiệm</h1>
<p class="warn">Đây là nhà cung cấp định danh giả lập, chỉ dùng để kiểm thử. Không nhập thông tin thật.</p>
<p>Chọn người để đăng nhập:</p>
<ul>${choices}</ul>`,
      );
      return;
    }
    const login = ctx.path.match(/^\/interaction\/([^/]+)\/login$/);
    if (ctx.method === 'POST' && login) {
      const body = await new Promise((resolve, reject) => {
        let data = '';
        ctx.req.on('data', (c) => (data += c));
        ctx.req.on('end', () => resolve(new URLSearchParams(data)));
        ctx.req.on('error', reject);
      });
      const person = PEOPLE.find((p) => p.sub === body.get('sub'));
      if (!person) {
        ctx.status = 400;
        ctx.body = 'unknown person';
        return;
      }
      await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: person.sub, remember: false } }, {
        mergeWithLastSubmission: false,
      });
      ctx.respond = false;
      return;
    }
    await next();
    if (args.misbehave && ctx.path === '/token' && ctx.status === 200 && ctx.body && ctx.body.id_token) {
      const now = Math.floor(Date.now() / 1000);
      ctx.body = {
        ...ctx.body,
        id_token:
          args.misbehave === 'expired'
            ? resign(ctx.body.id_token, signing, (c) => ({ ...c, iat: now - 7200, exp: now - 3600 }))
            : resign(ctx.body.id_token, rsaJwk('eid-sim-1'), (c) => c),
      };
    }
  });

  server.on('request', provider.callback());
  console.log(`listening on ${issuer}`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Started beside a server by a script that then becomes the server (exec): once that parent is
  // gone (this process reparented), so is the provider.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1000).unref();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
