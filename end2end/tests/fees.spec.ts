import { applyWithFee, FeeDecisionsForm, FeePanel, FeeReceiptPage, FEES_UI, vnd } from './fixtures/fees';
import { DossierPage, officerPassword, PDF, registerCitizen, signIn } from './fixtures/lifecycle';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// Re-issuing a construction practice certificate: no form of its own (the general application), a
// fee of 150.000 đ paid with the dossier, the request and the damaged certificate uploaded.
const PROCEDURE = '1.013236';
const DOCUMENTS = [0, 1];
const FEE = 150_000;

test('a citizen applies with two documents, sees the fee, pays online once though the provider says so twice, and prints the receipt', async ({
  page,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(180_000);

  await registerCitizen(page, '040190004141', 'Phạm Thị Lan');
  const code = await applyWithFee(page, request, PROCEDURE, DOCUMENTS, FEE, '1990-01-01', async (p) => {
    await expectNoAxeViolations(p, 'application: fees page');
  });

  // The receipt says what is to pay.
  const receipt = page.getByRole('main').locator('.mc-summary-list__row').filter({ hasText: 'Phí, lệ phí phải nộp' });
  await expect(receipt).toContainText(vnd(FEE, 'vi'));
  await expectNoAxeViolations(page, 'dossier receipt with a fee');

  // The dossier's page: the bill and the button to pay.
  const dossier = new DossierPage(page);
  await dossier.goto(code);
  const fees = new FeePanel(dossier);
  await expect(fees.standing).toHaveText(fees.ui.stillToPay(vnd(FEE, 'vi')));
  await expect(fees.region.getByRole('definition').filter({ hasText: vnd(FEE, 'vi') }).first()).toBeVisible();
  await expect(fees.notice).toHaveCount(0);
  await expectNoAxeViolations(page, 'dossier page with a fee owed');

  // A double tap starts one payment; paid at the provider, whose notification comes twice: one
  // payment, one receipt.
  const starts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === `/api/v1/dossiers/${code}/payments`) starts.push(r.url());
  });
  await fees.pay(FEE, 'Thành công, gửi thông báo (IPN) hai lần', true);
  await expect(page).toHaveURL(new RegExp(`/ho-so/${code}\\?thanh-toan=da-thanh-toan$`));
  await expect(fees.notice).toContainText(fees.ui.paidNotice);
  await expect(fees.notice).toBeFocused();
  await expect(fees.standing).toHaveText(fees.ui.paidInFull(vnd(FEE, 'vi')));
  await expect(fees.payButton(FEE)).toHaveCount(0);
  await expect(fees.receipts).toHaveCount(1);
  expect(starts).toHaveLength(1);
  await expectNoAxeViolations(page, 'dossier page, paid');
  // Loaded afresh, the same: the second notification made no second payment.
  await dossier.goto(code);
  await expect(fees.receipts).toHaveCount(1);

  // The printable receipt.
  await fees.receipts.first().click();
  const paper = new FeeReceiptPage(page);
  await expect(page).toHaveURL(new RegExp(`/ho-so/${code}/bien-lai/[^/]+$`));
  await paper.expectLoaded();
  await expect(paper.row('Số tiền')).toHaveText(vnd(FEE, 'vi'));
  await expect(paper.row('Mã hồ sơ')).toHaveText(code);
  await expect(paper.row('Người nộp')).toHaveText('Phạm Thị Lan');
  await expect(paper.row('Hình thức thanh toán')).toHaveText('Thanh toán trực tuyến');
  await expect(paper.row('Ký hiệu')).not.toBeEmpty();
  await expect(paper.row('Mã giao dịch của đơn vị thanh toán')).toHaveText(/\d+/);
  await expect(paper.main.getByRole('button', { name: 'In biên lai' })).toBeVisible();
  await expectNoAxeViolations(page, 'fee receipt');
});

test('a failed payment leaves the fee owed and the button to pay again, in Vietnamese and in English; paying again succeeds', async ({
  page,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(180_000);

  await registerCitizen(page, '040190005151', 'Đỗ Văn Hùng');
  const code = await applyWithFee(page, request, PROCEDURE, DOCUMENTS, FEE, '1990-01-01');
  const dossier = new DossierPage(page);
  await dossier.goto(code);
  const fees = new FeePanel(dossier);

  // Insufficient funds: nothing paid, said so at the top, and the button stays.
  await fees.pay(FEE, 'Thất bại: tài khoản không đủ số dư (51)');
  await expect(page).toHaveURL(new RegExp(`/ho-so/${code}\\?thanh-toan=chua-thanh-toan$`));
  await expect(fees.notice.locator('p')).toHaveText(FEES_UI.vi.failedNotice);
  await expect(fees.notice).toBeFocused();
  await expect(fees.standing).toHaveText(fees.ui.stillToPay(vnd(FEE, 'vi')));
  await expect(fees.payButton(FEE)).toBeEnabled();
  await expect(fees.receipts).toHaveCount(0);
  await expectNoAxeViolations(page, 'dossier page, payment failed');

  // The same in English.
  await dossier.languageSwitch.click();
  const english = new FeePanel(dossier, 'en');
  await expect(english.region).toBeVisible();
  await expect(english.notice.locator('p')).toHaveText(FEES_UI.en.failedNotice);
  await expect(english.standing).toHaveText(english.ui.stillToPay(vnd(FEE, 'en')));
  await expect(english.payButton(FEE)).toBeEnabled();
  await expectNoAxeViolations(page, 'dossier page, payment failed, in English');

  // Paying again, in English at the provider too, goes through.
  await english.pay(FEE, 'Pay successfully');
  await expect(page).toHaveURL(new RegExp(`/ho-so/${code}\\?thanh-toan=da-thanh-toan$`));
  await expect(english.notice).toContainText(FEES_UI.en.paidNotice);
  await expect(english.standing).toHaveText(english.ui.paidInFull(vnd(FEE, 'en')));
  await expect(english.receipts).toHaveCount(1);
  await expect(english.payButton(FEE)).toHaveCount(0);
  await expectNoAxeViolations(page, 'dossier page, paid, in English');
});

test('an officer checks a declared exemption: refusing it needs a reason, then the fee is owed and recorded as paid at the desk', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(180_000);

  // The judicial record certificate on VNeID: 200.000 đ, waived for a poor household.
  const judicial = '2.002516';
  const fee = 200_000;
  await registerCitizen(page, '040190006161', 'Vũ Thị Hoa');
  const code = await applyWithFee(page, request, judicial, [0], fee, '1990-01-01', async (p) => {
    await p.getByRole('main').getByRole('radio', { name: /^Người thuộc hộ nghèo/ }).check();
  });

  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const desk = await context.newPage();
  await signIn(desk, 'canbo.hcc', officerPassword('canbo.hcc'), '/can-bo');
  const officer = new DossierPage(desk);
  await officer.goto(code, true);
  const fees = new FeePanel(officer);
  const decisions = new FeeDecisionsForm(fees);
  await expect(fees.region.getByRole('definition').filter({ hasText: 'Người thuộc hộ nghèo' })).toBeVisible();
  await expect(fees.region.getByRole('definition').filter({ hasText: 'Sổ hoặc giấy chứng nhận hộ nghèo' })).toBeVisible();
  await expect(fees.region.getByRole('definition').filter({ hasText: 'Đang chờ cán bộ xét' })).toBeVisible();
  await expect(fees.standing).toHaveText(`Chờ cán bộ xét miễn, giảm; nếu không được chấp nhận, phải nộp ${vnd(fee, 'vi')}.`);
  await expect(decisions.accept).toBeVisible();
  await expectNoAxeViolations(desk, 'officer dossier: exemption to check');

  // No reason: the summary and the field say so, and nothing is sent.
  await decisions.refuse.click();
  await expect(decisions.summary).toBeFocused();
  await expect(decisions.summary).toContainText('Có vấn đề cần sửa');
  await expect(decisions.reasonError).toBeVisible();
  await expectNoAxeViolations(desk, 'officer dossier: refusal without a reason');

  await decisions.reason.fill('Sổ hộ nghèo đã hết hạn năm 2024.');
  await decisions.refuse.click();
  await expect(fees.region.getByRole('definition').filter({ hasText: 'Không được chấp nhận' })).toBeVisible();
  await expect(fees.standing).toHaveText(fees.ui.stillToPay(vnd(fee, 'vi')));
  await expect(decisions.accept).toHaveCount(0);

  // Paid at the desk: settled, with a receipt.
  await decisions.desk.click();
  await expect(fees.standing).toHaveText(fees.ui.paidInFull(vnd(fee, 'vi')));
  await expect(fees.receipts).toHaveCount(1);
  await expect(fees.receipts.first().locator('..')).toContainText('tại quầy');
  await expect(decisions.desk).toHaveCount(0);
  await expectNoAxeViolations(desk, 'officer dossier: fee paid at the desk');
  await context.close();

  // The applicant sees it the same way, and pays nothing online.
  const mine = new DossierPage(page);
  await mine.goto(code);
  const own = new FeePanel(mine);
  await expect(own.standing).toHaveText(own.ui.paidInFull(vnd(fee, 'vi')));
  await expect(own.payButton(fee)).toHaveCount(0);
  await expect(own.receipts).toHaveCount(1);
});

test('the result is not handed over while the fee is owed: the action area says why, and once paid at the desk it is', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(180_000);

  const judicial = '2.002516';
  const fee = 200_000;
  await registerCitizen(page, '040190007171', 'Hoàng Văn Nam');
  const code = await applyWithFee(page, request, judicial, [0], fee, '1990-01-01');

  // Received at the centre and sent to the police.
  const centreContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const centre = new DossierPage(await centreContext.newPage());
  await signIn(centre.page, 'canbo.hcc', officerPassword('canbo.hcc'), '/can-bo');
  await centre.goto(code, true);
  await centre.act('Tiếp nhận hồ sơ');
  await centre.act('Chuyển bước tiếp theo');
  const policeContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const police = new DossierPage(await policeContext.newPage());
  await signIn(police.page, 'canbo.ca', officerPassword('canbo.ca'), '/can-bo');
  await police.goto(code, true);
  // Reviewed, then approved by the department's leadership, who attach the result.
  await police.act('Chuyển bước tiếp theo');
  const ready = police.action('Đã có kết quả');
  await ready.getByLabel('Tệp kết quả').setInputFiles([{ name: 'phiếu lý lịch tư pháp.pdf', mimeType: 'application/pdf', buffer: PDF }]);
  await expect(ready.getByText(/^phiếu lý lịch tư pháp\.pdf \(/)).toBeVisible();
  await police.act('Đã có kết quả');
  await policeContext.close();

  // Back at the centre: the fee is owed, so handing over is explained and refused.
  await centre.expectStatus('Đã có kết quả');
  await expect(centre.actions.getByRole('paragraph').filter({ hasText: /^Chưa trả được kết quả: phí, lệ phí chưa nộp đủ/ })).toBeVisible();
  await expectNoAxeViolations(centre.page, 'officer dossier: result ready, fee owed');
  const handOver = centre.action('Đã trả kết quả');
  await handOver.getByRole('button', { name: 'Đã trả kết quả', exact: true }).click();
  await expect(centre.actions.getByRole('alert').filter({ hasText: 'Có vấn đề cần sửa' })).toContainText(
    'Chưa trả được kết quả: phí, lệ phí chưa nộp đủ hoặc miễn giảm chưa được xét.',
  );
  await centre.expectStatus('Đã có kết quả');

  // Paid at the desk, the result goes.
  const fees = new FeePanel(centre);
  await new FeeDecisionsForm(fees).desk.click();
  await expect(fees.standing).toHaveText(fees.ui.paidInFull(vnd(fee, 'vi')));
  await expect(centre.actions.getByRole('paragraph').filter({ hasText: /^Chưa trả được kết quả/ })).toHaveCount(0);
  await centre.act('Đã trả kết quả');
  await centre.expectStatus('Đã trả kết quả');
  await centreContext.close();
});
