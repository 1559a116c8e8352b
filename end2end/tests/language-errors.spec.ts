import { AccountPages } from './fixtures/account';
import { APPLY_UI, ApplicationPage } from './fixtures/application';
import { registerCitizen } from './fixtures/lifecycle';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// Problems are kept as what is wrong, not as words: switching language after a refused form says
// each of them again in the new language, in the summary and beside its field alike.

test.describe('error messages follow the language', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the forms are filled on a phone (360×740)');
  });

  test('an empty registration says its problems in English once English is chosen', async ({ page }) => {
    const pages = new AccountPages(page);
    await pages.gotoRegister();
    await pages.submit.click();
    await expect(pages.errorSummary).toBeVisible();
    // In the summary and beside the field.
    await expect(pages.main.getByText('Nhập họ, chữ đệm và tên.', { exact: true })).toHaveCount(2);
    await expect(pages.main.getByText('Nhập số điện thoại.', { exact: true })).toHaveCount(2);

    await pages.languageSwitch.click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await expect(summary).toBeVisible();
    await expect(summary.getByRole('link', { name: 'Enter your full name.' })).toBeVisible();
    await expect(pages.main.getByText('Enter your full name.', { exact: true })).toHaveCount(2);
    await expect(pages.main.getByText('Enter a phone number.', { exact: true })).toHaveCount(2);
    await expect(pages.main.getByText('Nhập họ, chữ đệm và tên.', { exact: true })).toHaveCount(0);
    await expect(pages.main.getByText('Nhập số điện thoại.', { exact: true })).toHaveCount(0);
    await expectNoAxeViolations(page, 'registration errors in English');

    // And back.
    await page.getByRole('banner').getByRole('button', { name: 'Tiếng Việt' }).click();
    await expect(pages.main.getByText('Nhập họ, chữ đệm và tên.', { exact: true })).toHaveCount(2);
  });

  test('an application page says its problems in English once English is chosen', async ({ page }) => {
    await registerCitizen(page, '040190006543', 'Đỗ Thị Hoa');
    // The judicial record certificate: its first page asks for the place of birth and the sex, which
    // the account does not fill in.
    const app = new ApplicationPage(page, '2.000488');
    await app.goto();
    await app.next.click();
    await expect(app.errorSummary).toBeVisible();
    const said = {
      vi: ['Nhập “Nơi sinh”.', 'Chọn “Giới tính”.'],
      en: ['Enter “Place of birth”.', 'Choose “Sex”.'],
    };
    for (const m of said.vi) await expect(app.main.getByText(m, { exact: true })).toHaveCount(2);

    await app.languageSwitch.click();
    const summary = page.getByRole('alert').filter({ hasText: APPLY_UI.en.problem });
    await expect(summary).toBeVisible();
    for (const m of said.en) {
      await expect(summary.getByRole('link', { name: m })).toBeVisible();
      await expect(app.main.getByText(m, { exact: true })).toHaveCount(2);
    }
    await expect(app.main.getByRole('group', { name: 'Sex' })).toContainText('Choose “Sex”.');
    for (const m of said.vi) await expect(app.main.getByText(m, { exact: true })).toHaveCount(0);
    await expectNoAxeViolations(page, 'application errors in English');
  });
});
