import { CompanyPage, randomTaxCode, registerBusiness, VerificationsPage } from './fixtures/company';
import { DossierPage, officerPassword, signIn, submitApplication } from './fixtures/lifecycle';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// Exchanging a driving licence: any account may apply online.
const PROCEDURE = '1.012811';

test('a company is verified, invites its branch, and sees the dossier the branch submits; a stranger with a similar tax code sees nothing', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(240_000);
  const phone = { viewport: { width: 360, height: 740 } };
  const tax = randomTaxCode();
  const name = `Công ty TNHH Thử nghiệm ${tax}`;

  // The head office registers and finds its company page from the account.
  await registerBusiness(page, tax, name);
  await page.getByRole('link', { name: /^Doanh nghiệp: xác minh/ }).click();
  const company = new CompanyPage(page);
  await expect(company.heading).toHaveText('Doanh nghiệp');
  await expect(company.ask).toBeVisible();
  await expectNoAxeViolations(page, 'company, not verified');

  // Asking without the certificate says so beside the field and in the summary.
  await company.ask.click();
  await expect(company.errorSummary).toBeVisible();
  await expect(company.errorSummary).toBeFocused();
  await expect(company.certificate).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page, 'company, certificate missing');
  await company.askVerification();
  await expect(company.ask).toHaveCount(0);
  await expectNoAxeViolations(page, 'company, verification pending');

  // The registrar officer finds the request from the queue, checks the certificate and confirms.
  const officerContext = await browser.newContext(phone);
  const desk = await officerContext.newPage();
  await signIn(desk, 'canbo.stc', officerPassword('canbo.stc'), '/can-bo');
  await desk.getByRole('link', { name: /^Xác minh doanh nghiệp/ }).click();
  const checks = new VerificationsPage(desk);
  await expect(checks.heading).toHaveText('Xác minh doanh nghiệp');
  const item = checks.request(name);
  await expect(item).toContainText(tax);
  await expect(item).toContainText('Nguyễn Văn Bình');
  const certificate = await desk.request.get((await item.getByRole('link', { name: /^Tải giấy chứng nhận/ }).getAttribute('href'))!);
  expect(certificate.status()).toBe(200);
  await expectNoAxeViolations(desk, 'verifications');
  await item.getByRole('button', { name: /^Từ chối/ }).click();
  await expect(item.getByLabel('Lý do từ chối')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(desk, 'verifications, reason missing');
  await item.getByRole('button', { name: /^Xác nhận/ }).click();
  await expect(item.getByRole('status')).toContainText(`Đã xác nhận ${name}`);
  await expectNoAxeViolations(desk, 'verifications, confirmed');
  await officerContext.close();

  // The head office is the administrator now, and invites its branch to view and act.
  await company.goto();
  await expect(company.verification.getByText('Đã xác minh', { exact: true })).toBeVisible();
  await expect(company.member(tax)).toContainText('Quản trị');
  await company.sendInvite.click();
  await expect(company.errorSummary).toBeVisible();
  await expect(company.identifier).toHaveAttribute('aria-invalid', 'true');
  await expect(company.invite.getByText('Chọn quyền của thành viên.').first()).toBeVisible();
  await expectNoAxeViolations(page, 'company, invitation incomplete');
  await company.inviteMember(`${tax}-001`, 'Xem và thực hiện');
  await expect(company.member(`${tax}001`)).toContainText('Chưa nhận lời');
  await expect(company.member(`${tax}001`)).toContainText('Xem và thực hiện');
  await expect(company.audit).toContainText('Mời thành viên');
  await expectNoAxeViolations(page, 'company, administrator');

  // The branch registers, accepts, and applies.
  const branchContext = await browser.newContext(phone);
  const branch = await branchContext.newPage();
  await registerBusiness(branch, `${tax}-001`, `${name} – Chi nhánh Thái Nguyên`);
  const branchCompany = new CompanyPage(branch);
  await branchCompany.goto();
  await expect(branchCompany.verification).toHaveCount(0);
  await expectNoAxeViolations(branch, 'company, invited');
  await branchCompany.invitation(name).getByRole('button', { name: /^Nhận lời/ }).click();
  await expect(branchCompany.joined.getByRole('listitem').filter({ hasText: name })).toContainText('Xem và thực hiện');
  await expect(branchCompany.invitations).toContainText('Anh/chị không có lời mời nào.');
  await expectNoAxeViolations(branch, 'company, joined');
  const code = await submitApplication(branch, request, PROCEDURE);
  await branchContext.close();

  // The administrator sees the dossier among its own, and who submitted it.
  await page.goto('/ho-so');
  await expect(company.heading).toHaveText('Hồ sơ của tôi');
  const listed = company.main.getByRole('listitem').filter({ hasText: code });
  await expect(listed).toBeVisible();
  await expectNoAxeViolations(page, 'my dossiers, administrator');
  await listed.getByRole('link').click();
  const dossier = new DossierPage(page);
  await expect(dossier.status).toBeVisible();
  await expect(dossier.status).toContainText(tax);
  const submitted = dossier.history.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Nộp hồ sơ trực tuyến', exact: true }) });
  await expect(submitted.getByText(/^Người thực hiện: /)).toContainText(`${tax}001`);
  await expectNoAxeViolations(page, 'company dossier, administrator');
  await company.goto();
  await expect(company.member(`${tax}001`)).toContainText('Nhận lời ngày');
  await expect(company.audit).toContainText('Nhận lời mời');

  // A stranger whose tax code shares the head office's ten digits sees nothing of the company.
  const strangerContext = await browser.newContext(phone);
  const stranger = await strangerContext.newPage();
  await registerBusiness(stranger, `${tax}-999`, 'Công ty Khác');
  await stranger.goto('/ho-so');
  await expect(stranger.getByRole('main').getByText('Bạn chưa nộp hồ sơ nào.')).toBeVisible();
  await expectNoAxeViolations(stranger, 'my dossiers, stranger');
  await stranger.goto(`/ho-so/${code}`);
  await expect(stranger.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy hồ sơ');
  await expectNoAxeViolations(stranger, 'company dossier, stranger');
  await strangerContext.close();
});
