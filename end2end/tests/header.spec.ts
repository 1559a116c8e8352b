import { type Page } from '@playwright/test';

import { registerCitizen } from './fixtures/lifecycle';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

/** The service's name in the header is on one line: its box is no taller than its line height. */
async function expectNameOnOneLine(page: Page, what: string): Promise<void> {
  const name = page.getByRole('banner').getByText('Một Cửa', { exact: true });
  await expect(name).toBeVisible();
  const { height, line } = await name.evaluate((el) => ({
    height: el.getBoundingClientRect().height,
    line: parseFloat(getComputedStyle(el).lineHeight),
  }));
  expect(height, `"Một Cửa" on ${what}: ${height}px high, one line is ${line}px`).toBeLessThanOrEqual(line + 1);
  // …and beside the language switch, not pushed above it.
  const middle = (box: { y: number; height: number } | null) => box!.y + box!.height / 2;
  const either = /^(English|Tiếng Việt)$/;
  const banner = page.getByRole('banner');
  const switcher = banner.getByRole('link', { name: either }).or(banner.getByRole('button', { name: either }));
  const apart = Math.abs(middle(await name.boundingBox()) - middle(await switcher.boundingBox()));
  expect(apart, `"Một Cửa" and the language switch on ${what}`).toBeLessThan(line);
}

test.describe('header at 360 px', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the narrow header is the phone one (360×740)');
  });

  test('the name stays on one line in the catalogue and in the signed-in area, in both languages', async ({ page, home }) => {
    await home.goto();
    await expectNameOnOneLine(page, 'the home page');
    await expectNoAxeViolations(page, 'home');

    await registerCitizen(page, '040190007777', 'Hà Thị Thu');
    // Signed in: the inbox bell joins the account link and the language switch.
    await expect(page.getByRole('banner').getByRole('link', { name: /Thông báo/ })).toBeVisible();
    await expectNameOnOneLine(page, 'the account page');
    await page.getByRole('banner').getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('banner').getByRole('link', { name: 'Account' })).toBeVisible();
    await expectNameOnOneLine(page, 'the account page in English');
    await expectNoAxeViolations(page, 'account in English');
  });
});
