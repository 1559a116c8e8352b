import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { AccountPages } from './fixtures/account';

// Issue #10: signing in to apply, then registering instead, ends where the person was going.
test('applying signed out: sign in, then register, and land back on the application', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one journey on the phone');
  const code = '1.001193';
  const application = new RegExp(`/nop-ho-so/${code.replace('.', '\\.')}$`);
  await page.goto(`/thu-tuc/${code}`);
  await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();

  const pages = new AccountPages(page);
  await expect(page).toHaveURL(/\/dang-nhap\?tiep=/);
  await expect(pages.heading).toHaveText('Đăng nhập');
  await pages.main.getByRole('link', { name: 'Đăng ký tài khoản' }).click();
  await expect(page).toHaveURL(new RegExp(`/dang-ky\\?tiep=%2Fnop-ho-so%2F${code.replace('.', '\\.')}$`));
  await expect(pages.heading).toHaveText('Đăng ký tài khoản');
  // Going back to signing in keeps it too.
  await expect(pages.main.getByRole('link', { name: 'Đăng nhập', exact: true })).toHaveAttribute(
    'href',
    `/dang-nhap?tiep=%2Fnop-ho-so%2F${code}`,
  );
  await expectNoAxeViolations(page, 'register on the way to an application');

  await pages.fillCitizen('052190001357', 'Lý Thị Mai');
  await pages.field('Mật khẩu').fill('một câu mật khẩu dài');
  await pages.submit.click();
  await expect(page).toHaveURL(application);
  await expect(page.getByRole('main').getByText(/^Bước 1 trên \d+$/)).toBeVisible();

  // Signed in, the header links to the inbox (nothing unread yet), and still fits a phone's width.
  await expect(page.getByRole('banner').getByRole('link', { name: 'Thông báo', exact: true })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath('header.png') });
});

test('in English: sign in, then register, and land back on the application, still in English', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one journey on the phone');
  const code = '1.001193';
  await page.goto(`/thu-tuc/${code}`);
  await page.getByRole('banner').getByRole('link', { name: 'English' }).click();
  await page.getByRole('link', { name: 'Apply online' }).click();

  const main = page.getByRole('main');
  const heading = main.getByRole('heading', { level: 1 });
  await expect(page).toHaveURL(/\/dang-nhap\?tiep=/);
  await expect(heading).toHaveText('Sign in');
  await main.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(new RegExp(`/dang-ky\\?tiep=%2Fnop-ho-so%2F${code.replace('.', '\\.')}$`));
  await expect(heading).toHaveText('Create an account');
  await expect(main.getByRole('link', { name: 'Sign in', exact: true })).toHaveAttribute('href', `/dang-nhap?tiep=%2Fnop-ho-so%2F${code}`);
  await expectNoAxeViolations(page, 'register in English on the way to an application');

  const field = (label: string) => main.getByLabel(label, { exact: true });
  await field('Full name').fill('Lý Thị Hạnh');
  await field('Citizen ID number (CCCD)').fill('052190002468');
  await field('Date of birth').fill('1990-05-27');
  await field('Phone number').fill('0912 345 678');
  await field('Email').fill('hanh@example.vn');
  await field('Contact address').fill('12 Hoàng Văn Thụ, Phường Phan Đình Phùng, Thái Nguyên');
  await field('Password').fill('a sentence I remember well');
  await main.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(new RegExp(`/nop-ho-so/${code.replace('.', '\\.')}$`));
  await expect(main.getByText(/^Step 1 of \d+$/)).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'the application, reached in English');
});
