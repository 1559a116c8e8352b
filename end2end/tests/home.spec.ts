import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { UI, escapeRegExp, procedures } from './fixtures/text';

test.describe('home page', () => {
  test('has the heading, a labelled search combobox and the fields with their counts', async ({
    home,
    catalogue,
    page,
  }) => {
    const fields = (await catalogue.fields()).filter((f) => f.count > 0);
    expect(fields.length, 'the catalogue has fields with procedures').toBeGreaterThan(0);

    await home.goto();
    await expect(home.heading).toHaveText(UI.vi.homeHeading);
    await expect(page).toHaveTitle(`${UI.vi.homeHeading} – Một Cửa`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'vi');

    const box = home.searchBox.input;
    await expect(box).toHaveAccessibleName(UI.vi.searchLabel);
    await expect(box).toHaveAccessibleDescription(/^Ví dụ: khai sinh/);
    await expect(box).toHaveAttribute('aria-expanded', 'false');
    await expect(box).toBeEditable();
    await expect(home.searchBox.submit).toBeVisible();

    await expect(home.fieldLinks).toHaveCount(fields.length);
    await expect(home.fieldLinks).toHaveText(
      fields.map((f) => new RegExp(`^${escapeRegExp(f.name.vi)}\\s*${escapeRegExp(procedures(f.count))}$`)),
    );
    for (const [i, f] of fields.entries()) {
      await expect(home.fieldLinks.nth(i)).toHaveAttribute('href', `/tim-kiem?field=${f.id}`);
    }

    await expectNoAxeViolations(page, 'home');
  });

  test('a field link lists that field’s procedures', async ({ home, results, catalogue, page }) => {
    const fields = (await catalogue.fields()).filter((f) => f.count > 0);
    const field = fields[0];

    await home.goto();
    await home.fieldLinks.first().click();
    await expect(page).toHaveURL(`/tim-kiem?field=${field.id}`);
    await results.expectTotal(field.count);
    await expect(results.fieldSelect).toHaveValue(field.id);
  });
});
