import { expect, test } from './fixtures/test';
import { UI } from './fixtures/text';

/**
 * Holds the WebAssembly back until `release` is called (and at least `ms`, as on a slow connection), so
 * what a test does happens on the page the server drew, before the app starts.
 */
async function holdTheApp(page: import('@playwright/test').Page, ms = 1500) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let requests = 0;
  await page.route(/\.wasm$/, async (route) => {
    requests++;
    await Promise.all([released, new Promise((r) => setTimeout(r, ms))]);
    await route.continue();
  });
  return { release, requests: () => requests };
}

test.describe('the page the server draws', () => {
  test('text typed before the app starts is kept when it starts, with the focus and the caret', async ({
    home,
    page,
  }) => {
    const held = await holdTheApp(page);
    await page.goto('/', { waitUntil: 'commit' });
    // The server's page is the app's own: the same combobox, before any WebAssembly ran.
    await expect(home.searchBox.input).toBeVisible();
    await expect(page.locator('#shell')).toHaveCount(1);
    await home.searchBox.input.click();
    await home.searchBox.input.pressSequentially('ho chieu');
    await page.keyboard.press('ArrowLeft');
    held.release();

    await home.waitForApp();
    await expect(home.searchBox.input).toHaveValue('ho chieu');
    await expect(home.searchBox.input).toBeFocused();
    expect(await home.searchBox.input.evaluate((i: HTMLInputElement) => i.selectionStart)).toBe(7);
    expect(held.requests()).toBeGreaterThan(0);
    // It is the app's box now: typing on shows suggestions.
    await page.keyboard.press('End');
    await home.searchBox.input.pressSequentially(' ');
    await expect(home.searchBox.options.first()).toBeVisible();
  });

  test('a results page keeps where it was scrolled to and the tracking code typed', async ({ home, page }) => {
    const held = await holdTheApp(page);
    await page.goto('/tim-kiem', { waitUntil: 'commit' });
    await expect(page.locator('#shell').getByRole('heading', { level: 1 })).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 600));
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);
    held.release();
    await home.waitForApp();
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);

    const again = await holdTheApp(page);
    await page.goto('/', { waitUntil: 'commit' });
    const code = page.getByRole('textbox', { name: 'Mã hồ sơ', exact: true });
    await code.fill('000.00.00.H55-250527-0001');
    again.release();
    await home.waitForApp();
    await expect(code).toHaveValue('000.00.00.H55-250527-0001');
  });
});
