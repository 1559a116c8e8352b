import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { holdWebAssembly } from './fixtures/shifts';
import {
  DossierPage,
  InboxPage,
  officerPassword,
  PDF,
  QueuePage,
  registerCitizen,
  signIn,
  submitApplication,
  TrackingPage,
} from './fixtures/lifecycle';

// Exchanging a driving licence: received at the service centre, handled by the provincial police,
// returned at the centre.
const PROCEDURE = '1.012811';

test('a dossier goes from submission to result: officers act, the citizen follows it live, answers a supplement request and rates it', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(240_000);

  // The citizen registers and applies.
  await registerCitizen(page, '040190001111', 'Trần Thị Thu');
  const code = await submitApplication(page, request, PROCEDURE);
  await expectNoAxeViolations(page, 'receipt');
  await page.getByRole('link', { name: 'Theo dõi hồ sơ' }).click();
  const citizen = new DossierPage(page);
  await expect(citizen.status).toBeVisible();
  await citizen.expectStatus('Đã nộp, chờ tiếp nhận');
  await expect(citizen.action('Rút hồ sơ')).toBeVisible();
  await expectNoAxeViolations(page, 'dossier, submitted');

  // An officer of the service centre finds it in the queue and receives it.
  const officerContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const desk = await officerContext.newPage();
  await signIn(desk, 'canbo.hcc', officerPassword('canbo.hcc'), '/can-bo');
  const queue = new QueuePage(desk);
  await expect(queue.row(code)).toBeVisible();
  await expectNoAxeViolations(desk, 'queue');
  await queue.row(code).getByRole('link', { name: code }).click();
  const officer = new DossierPage(desk);
  await expect(officer.status).toBeVisible();
  await expect(officer.main.getByRole('region', { name: 'Người nộp hồ sơ' })).toContainText('Trần Thị Thu');
  await expectNoAxeViolations(desk, 'officer dossier');
  await officer.act('Tiếp nhận hồ sơ');
  await officer.expectStatus('Mới tiếp nhận');

  // The citizen's page follows by itself.
  await citizen.expectStatus('Mới tiếp nhận');
  await expect(citizen.action('Rút hồ sơ')).toHaveCount(0);

  // The officer asks for two things at once.
  const ask = officer.action('Yêu cầu bổ sung hồ sơ');
  await ask.getByLabel('Mục 1').fill('Bản sao giấy phép lái xe nước ngoài có chứng thực');
  await ask.getByRole('button', { name: 'Thêm mục cần bổ sung' }).click();
  await expect(ask.getByLabel('Mục 2')).toBeFocused();
  await ask.getByLabel('Mục 2').fill('Ảnh chân dung 3x4 nền trắng');
  await expectNoAxeViolations(desk, 'supplement request form');
  await officer.act('Yêu cầu bổ sung hồ sơ');
  await officer.expectStatus('Yêu cầu bổ sung');

  // Without a reload the citizen sees exactly what is missing, and answers.
  await expect(citizen.supplement).toBeVisible();
  await expect(citizen.supplement.getByRole('listitem')).toHaveText([
    'Bản sao giấy phép lái xe nước ngoài có chứng thực',
    'Ảnh chân dung 3x4 nền trắng',
  ]);
  await expect(citizen.live).toContainText('Yêu cầu bổ sung');
  await expectNoAxeViolations(page, 'dossier, supplement requested');
  const answer = citizen.action('Gửi bổ sung hồ sơ');
  await answer.getByLabel('Giấy tờ bổ sung').setInputFiles([
    { name: 'giấy phép lái xe nước ngoài.pdf', mimeType: 'application/pdf', buffer: PDF },
  ]);
  await expect(answer.getByText(/^giấy phép lái xe nước ngoài\.pdf \(/)).toBeVisible();
  await answer.getByLabel(/Lời nhắn cho cơ quan/).fill('Tôi gửi bản sao có chứng thực; ảnh sẽ nộp khi nhận kết quả.');
  await citizen.act('Gửi bổ sung hồ sơ', 'Gửi bổ sung');
  await citizen.expectStatus('Đã bổ sung');

  // The centre forwards it to the provincial police.
  await officer.expectStatus('Đã bổ sung');
  await officer.act('Chuyển bước tiếp theo');
  await officer.expectStatus('Đang xử lý');
  await expect(officer.status).toContainText('Công an');

  // An officer there attaches the result, choosing the file on the page the server drew, before its
  // app has started: the app takes the same file over and sends it.
  const policeContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const police = await policeContext.newPage();
  await signIn(police, 'canbo.ca', officerPassword('canbo.ca'), '/can-bo');
  const policeQueue = new QueuePage(police);
  const held = await holdWebAssembly(police);
  await policeQueue.row(code).getByRole('link', { name: code }).click();
  await expect(police.locator('#shell')).toHaveCount(1);
  const handler = new DossierPage(police);
  const ready = handler.action('Đã có kết quả');
  await ready.getByLabel('Tệp kết quả').setInputFiles([{ name: 'giấy phép lái xe.pdf', mimeType: 'application/pdf', buffer: PDF }]);
  held.release();
  await expect(police.locator('#shell')).toHaveCount(0);
  await expect(ready.getByText(/^giấy phép lái xe\.pdf \(/)).toBeVisible();
  await expectNoAxeViolations(police, 'result form');
  await handler.act('Đã có kết quả');
  await handler.expectStatus('Đã có kết quả');
  await policeContext.close();

  // Back at the centre the fee is taken at the desk and the result handed over.
  await officer.expectStatus('Đã có kết quả');
  await officer.main.getByRole('button', { name: 'Ghi nhận đã nộp tại quầy' }).click();
  await expect(officer.main.getByRole('button', { name: 'Ghi nhận đã nộp tại quầy' })).toHaveCount(0);
  await officer.act('Đã trả kết quả');
  await officer.expectStatus('Đã trả kết quả');
  await officerContext.close();

  // The citizen sees every step done, the whole history and the result.
  await citizen.expectStatus('Đã trả kết quả');
  await expect(citizen.steps.getByRole('listitem')).toHaveCount(3);
  await expect(citizen.steps.getByText('Đã xong', { exact: true })).toHaveCount(3);
  for (const event of [
    'Nộp hồ sơ trực tuyến',
    'Tiếp nhận hồ sơ',
    'Yêu cầu bổ sung hồ sơ',
    'Bổ sung hồ sơ',
    'Chuyển bước xử lý',
    'Có kết quả',
    'Trả kết quả',
  ]) {
    await expect(citizen.history.getByRole('heading', { name: event, exact: true })).toBeVisible();
  }
  await expect(citizen.history.getByRole('link', { name: 'giấy phép lái xe nước ngoài.pdf' })).toBeVisible();
  await expect(citizen.result.getByRole('link', { name: 'giấy phép lái xe.pdf' })).toBeVisible();
  const file = await page.request.get(await citizen.result.getByRole('link').first().getAttribute('href') as string);
  expect(file.status()).toBe(200);

  // The slip of the supplement request lists both items.
  await citizen.history.getByRole('link', { name: 'Xem, in phiếu' }).first().click();
  await expect(citizen.heading).toHaveText(/Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ/i);
  await expect(citizen.main.getByRole('listitem')).toHaveText([
    'Bản sao giấy phép lái xe nước ngoài có chứng thực',
    'Ảnh chân dung 3x4 nền trắng',
  ]);
  await expectNoAxeViolations(page, 'supplement slip');
  await page.goBack();
  await expect(citizen.status).toBeVisible();

  // Who has seen my dossier: officers, by agency and role.
  await expect(citizen.access.getByRole('listitem').first()).toContainText('Cán bộ');
  await expect(citizen.access).toContainText('Trung tâm Phục vụ hành chính công');
  await expect(citizen.access).toContainText('Công an');

  // Rating: the overall question first, the details optional.
  const rate = citizen.rating;
  const scale = await (await request.get('/api/v1/satisfaction')).json();
  await rate.getByRole('radio', { name: scale.scale[4].vi, exact: true }).first().check();
  await rate.getByLabel('Góp ý của bạn (không bắt buộc)').fill('Cán bộ hướng dẫn rõ ràng.');
  await expectNoAxeViolations(page, 'dossier, returned, rating');
  await rate.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(rate.getByText(/Bạn đã đánh giá:/)).toBeVisible();
  await expect(rate.getByText(/Bạn có thể thay đổi đánh giá đến/)).toBeVisible();

  // The police officers see the rating of their agency, without who gave it.
  const ratingsContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const police2 = await ratingsContext.newPage();
  await signIn(police2, 'canbo.ca', officerPassword('canbo.ca'), '/can-bo');
  await police2.getByRole('link', { name: 'Xem đánh giá của người dân về cơ quan' }).click();
  const ratings = police2.getByRole('main');
  await expect(ratings.getByRole('heading', { level: 1 })).toHaveText('Đánh giá của người dân');
  await expect(ratings.getByText('Cán bộ hướng dẫn rõ ràng.')).toBeVisible();
  await expect(ratings).not.toContainText('Trần Thị Thu');
  await expect(ratings).not.toContainText(code);
  await expectNoAxeViolations(police2, 'agency ratings');
  await ratingsContext.close();

  // The header says how many are unread, in its link's name too.
  await page.goto('/tai-khoan');
  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name: /^Thông báo, [1-9]\d* chưa đọc$/ })).toBeVisible();
  // The inbox told the citizen at each turn; opening it marks everything read.
  const inbox = new InboxPage(page);
  const marked = page.waitForResponse((r) => r.url().endsWith('/api/v1/notifications/read'));
  await inbox.goto();
  for (const title of ['Hồ sơ đã được tiếp nhận', 'Cần bổ sung hồ sơ', 'Đã có kết quả', 'Đã trả kết quả']) {
    await expect(inbox.main.getByRole('link', { name: title })).toBeVisible();
  }
  await expect(inbox.main.getByText('Mới', { exact: true }).first()).toBeVisible();
  await expectNoAxeViolations(page, 'inbox');
  expect((await marked).status()).toBe(204);
  await expect(header.getByRole('link', { name: 'Thông báo', exact: true })).toBeVisible();
  await page.goto('/tai-khoan');
  const account = page.getByRole('main');
  await expect(account.getByRole('link', { name: 'Thông báo (0 chưa đọc)' })).toBeVisible();
  await expectNoAxeViolations(page, 'account with shortcuts');
  await account.getByRole('link', { name: 'Hồ sơ của tôi' }).click();
  await expect(page).toHaveURL(/\/ho-so$/);
  await expect(account.getByText(`Mã hồ sơ ${code}`)).toBeVisible();
  await expect(account.getByRole('listitem').getByText('Đã trả kết quả', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'my dossiers');
});

test('anyone can track a dossier with its code and the PIN or the phone number; a wrong check gets the same answer as a wrong code', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one journey on the phone');
  test.setTimeout(120_000);
  await registerCitizen(page, '042190002222', 'Phạm Văn Bình');
  const code = await submitApplication(page, request, PROCEDURE);
  // The receipt prints the PIN, in two groups of four.
  const pin = (await page.getByRole('main').getByRole('definition').filter({ hasText: /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/ }).textContent())!.trim();

  const anonymous = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const visitor = await anonymous.newPage();
  // Every lookup is a POST of the tracking form, answered with the status in the page, with no
  // WebAssembly: the check never shows in an address the server could log.
  const addresses: string[] = [];
  visitor.on('request', (r) => addresses.push(r.url().split('#')[0]));
  const lookups: { method: string; url: string }[] = [];
  const wasm: string[] = [];
  visitor.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('/tracking') || path.endsWith('/tra-cuu')) lookups.push({ method: r.method(), url: r.url() });
    if (path.endsWith('.wasm')) wasm.push(r.url());
  });
  const sent = () => lookups.filter((l) => l.method === 'POST');
  // From the home page's small form.
  await visitor.goto('/');
  await visitor.getByRole('textbox', { name: 'Mã hồ sơ' }).fill(code);
  await visitor.getByRole('textbox', { name: 'Mã tra cứu, số điện thoại hoặc số định danh' }).fill('0912 345 678');
  await visitor.getByRole('button', { name: 'Tra cứu' }).click();
  const tracking = new TrackingPage(visitor);
  await expect(tracking.result(code)).toBeVisible();
  await expect(visitor).toHaveURL(/\/tra-cuu$/);
  await expect(tracking.result(code)).toContainText('Đã nộp, chờ tiếp nhận');
  await expect(tracking.result(code).getByRole('listitem')).toHaveCount(3);
  await expectNoAxeViolations(visitor, 'tracking result');

  // The QR code's link fills in the code and the PIN and looks the dossier up; the PIN leaves the
  // address at once. The status is on the page with no WebAssembly fetched.
  wasm.length = 0;
  await tracking.goto(code, pin);
  await expect(tracking.result(code)).toBeVisible();
  await expect(tracking.check).toHaveValue(pin);
  await expect(visitor).toHaveURL(/\/tra-cuu$/);
  expect(wasm).toEqual([]);
  await tracking.goto(code);
  await expect(tracking.code).toHaveValue(code);
  await tracking.check.fill('0900000000');
  await tracking.submit.click();
  await expect(tracking.notFound).toBeVisible();
  const wrongCheck = await tracking.notFound.textContent();
  await expectNoAxeViolations(visitor, 'tracking not found');
  await tracking.track(code.slice(0, -4) + '9999', '0912345678');
  await expect(tracking.notFound).toBeVisible();
  expect(await tracking.notFound.textContent()).toBe(wrongCheck);

  // An empty form says what to fill in, each error linking to its field.
  await tracking.goto();
  await tracking.submit.click();
  const summary = visitor.getByRole('alert').filter({ hasText: 'Có vấn đề cần sửa' });
  await expect(summary).toBeFocused();
  await expect(visitor).toHaveTitle(/^Lỗi: /);
  await summary.getByRole('link', { name: 'Nhập mã hồ sơ in trên giấy tiếp nhận.' }).click();
  await expect(visitor).toHaveURL(/\/tra-cuu#ma$/);
  await expect(tracking.code).toBeInViewport();
  await expectNoAxeViolations(visitor, 'tracking errors');
  expect(sent().length).toBeGreaterThanOrEqual(5);
  for (const lookup of sent()) expect(lookup.url).toMatch(/\/tra-cuu$/);
  for (const address of addresses) {
    expect(address).not.toContain(pin);
    expect(address).not.toMatch(/0912(%20| )?345/);
  }
  await anonymous.close();
});

test('a citizen withdraws a dossier not yet received; a refused one comes with its refusal slip', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(180_000);
  await registerCitizen(page, '044190003333', 'Lê Văn Nam');

  // Withdrawing asks once more before it happens.
  const first = await submitApplication(page, request, PROCEDURE);
  const citizen = new DossierPage(page);
  await citizen.goto(first);
  const withdraw = citizen.action('Rút hồ sơ');
  await withdraw.getByRole('button', { name: 'Rút hồ sơ', exact: true }).click();
  await expect(withdraw.getByText(/Bạn chắc chắn muốn rút hồ sơ này\?/)).toBeVisible();
  await expectNoAxeViolations(page, 'withdraw confirmation');
  await withdraw.getByRole('button', { name: 'Không, quay lại' }).click();
  await citizen.expectStatus('Đã nộp, chờ tiếp nhận');
  await withdraw.getByRole('button', { name: 'Rút hồ sơ', exact: true }).click();
  await withdraw.getByRole('button', { name: 'Có, rút hồ sơ' }).click();
  await citizen.expectStatus('Đã rút hồ sơ');
  await expect(citizen.action('Rút hồ sơ')).toHaveCount(0);

  // The desk refuses the second one with a reason; the citizen gets the slip.
  const second = await submitApplication(page, request, PROCEDURE);
  await citizen.goto(second);
  const deskContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const desk = await deskContext.newPage();
  await signIn(desk, 'canbo.hcc', officerPassword('canbo.hcc'), '/can-bo');
  const officer = new DossierPage(desk);
  await officer.goto(second, true);
  const refuse = officer.action('Từ chối hồ sơ');
  await refuse.getByRole('button', { name: 'Từ chối hồ sơ', exact: true }).click();
  await expect(desk.getByRole('link', { name: 'Nêu lý do từ chối.' })).toBeVisible();
  await refuse.getByLabel('Lý do từ chối').fill('Giấy phép lái xe nước ngoài đã hết hạn.');
  await refuse.getByRole('button', { name: 'Từ chối hồ sơ', exact: true }).click();
  await expectNoAxeViolations(desk, 'refuse confirmation');
  await refuse.getByRole('button', { name: 'Có, từ chối' }).click();
  await officer.expectStatus('Từ chối');
  await deskContext.close();

  await citizen.expectStatus('Từ chối');
  await page.getByRole('link', { name: /^Từ chối hồ sơ – / }).click();
  const slip = page.getByRole('main');
  await expect(slip.getByRole('heading', { level: 1 })).toHaveText('Phiếu từ chối tiếp nhận, giải quyết hồ sơ');
  await expect(slip).toContainText('Giấy phép lái xe nước ngoài đã hết hạn.');
  await expect(slip).toContainText(second);
  await expectNoAxeViolations(page, 'refusal slip');
});
