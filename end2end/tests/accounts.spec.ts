import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { AccountPages } from './fixtures/account';

// Each project registers its own person: the two run against the same server.
const person = (project: string) =>
  project === 'phone'
    ? { id: '019190001234', name: 'Nguyễn Thị Lan' }
    : { id: '001190004321', name: 'Trần Văn Minh' };
const PASSWORD = 'một câu mật khẩu dài';

test.describe('accounts', () => {
  test.describe.configure({ mode: 'serial' });

  test('registering: one mistake is summarised and linked, a reload keeps what was typed, then the account page', async ({
    page,
  }, testInfo) => {
    const me = person(testInfo.project.name);
    const pages = new AccountPages(page);
    await pages.gotoRegister();
    await expectNoAxeViolations(page, 'register');

    await pages.fillCitizen('12345', me.name);
    await pages.field('Mật khẩu').fill(PASSWORD);
    await page.reload();
    await pages.waitForApp();
    // Everything but the password survives the reload.
    await expect(pages.field('Họ, chữ đệm và tên')).toHaveValue(me.name);
    await expect(pages.field('Số định danh cá nhân (CCCD)')).toHaveValue('12345');
    await expect(pages.field('Mật khẩu')).toHaveValue('');
    await pages.field('Mật khẩu').fill(PASSWORD);

    await pages.submit.click();
    await expect(pages.errorSummary).toBeVisible();
    await expect(pages.errorSummary).toBeFocused();
    const link = pages.errorSummary.getByRole('link', { name: /12 chữ số/ });
    await expect(link).toHaveCount(1);
    await expectNoAxeViolations(page, 'register with an error');
    await link.click();
    const idField = pages.field('Số định danh cá nhân (CCCD)');
    await expect(idField).toBeFocused();
    await expect(idField).toHaveAttribute('aria-invalid', 'true');

    await idField.fill(me.id);
    await pages.submit.dblclick();
    await expect(page).toHaveURL(/\/tai-khoan$/);
    await expect(pages.heading).toHaveText('Tài khoản của tôi');
    await expect(pages.main.getByText(me.name)).toBeVisible();
    await expect(pages.main.getByText(me.id)).toBeVisible();
    await expectNoAxeViolations(page, 'account');
  });

  test('signing out, the account page asks to sign in and brings you back', async ({ page }, testInfo) => {
    const me = person(testInfo.project.name);
    const pages = new AccountPages(page);
    await pages.gotoLogin();
    await expectNoAxeViolations(page, 'login');
    await pages.field(/Số định danh cá nhân \(CCCD\) hoặc mã số thuế/).fill(me.id);
    await pages.field('Mật khẩu').fill('not the password');
    await pages.submit.click();
    await expect(pages.errorSummary).toContainText('Số định danh hoặc mật khẩu không đúng.');

    await pages.field('Mật khẩu').fill(PASSWORD);
    await pages.submit.click();
    await expect(page).toHaveURL(/\/tai-khoan$/);
    // An application started here stays in this browser until its owner signs out.
    await page.evaluate(() => localStorage.setItem('motcua.application.1.001193', '{"draft_id":"x"}'));
    await pages.main.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(page).toHaveURL(/\/$/);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('motcua.application.')))).toEqual([]);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tìm thủ tục hành chính');

    // The header's account link, from the catalogue's bundle to the signed-in area's.
    await page.getByRole('banner').getByRole('link', { name: 'Tài khoản' }).click();
    await expect(page).toHaveURL(/\/dang-nhap\?tiep=/);
    await pages.field(/Số định danh cá nhân \(CCCD\) hoặc mã số thuế/).fill(me.id);
    await pages.field('Mật khẩu').fill(PASSWORD);
    await pages.submit.click();
    await expect(page).toHaveURL(/\/tai-khoan$/);
    await expect(pages.main.getByText(me.name)).toBeVisible();
  });
});
