import { expect, test } from './fixtures/test';
import { UI } from './fixtures/text';

test.describe('language', () => {
  test('English replaces the interface text, survives a reload, and Vietnamese comes back', async ({
    home,
    page,
  }) => {
    const html = page.locator('html');
    const en = home.inLanguage('en');

    await home.goto();
    await expect(home.languageSwitch).toHaveAttribute('lang', 'en');
    await home.languageSwitch.click();

    await expect(en.heading).toHaveText(UI.en.homeHeading);
    await expect(page).toHaveURL('/en');
    await expect(html).toHaveAttribute('lang', 'en');
    await expect(page).toHaveTitle(`${UI.en.homeHeading} – Một Cửa`);
    await expect(en.searchBox.input).toBeVisible();
    await expect(en.searchBox.submit).toBeVisible();
    await expect(en.fields).toBeVisible();
    await expect(en.skipLink).toBeAttached();
    await expect(en.languageSwitch).toHaveAttribute('lang', 'vi');
    expect(await page.evaluate(() => localStorage.getItem('motcua.lang'))).toBe('en');

    await page.reload();
    await en.waitForApp();
    await expect(en.heading).toHaveText(UI.en.homeHeading);
    await expect(html).toHaveAttribute('lang', 'en');
    await expect(en.searchBox.input).toBeVisible();
    await expect(en.languageSwitch).toBeVisible();

    await en.languageSwitch.click();
    await expect(home.heading).toHaveText(UI.vi.homeHeading);
    await expect(page).toHaveURL('/');
    await expect(html).toHaveAttribute('lang', 'vi');
    await expect(home.searchBox.input).toBeVisible();
    await expect(home.fields).toBeVisible();
    await expect(home.languageSwitch).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('motcua.lang'))).toBe('vi');
  });

  test('an English address is drawn in English by the server, before the app starts', async ({ home, page }) => {
    // Hold the WebAssembly back so the server's page can be seen before the app takes over.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\.wasm$/, async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto('/en', { waitUntil: 'commit' });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(UI.en.homeHeading);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page).toHaveTitle(`${UI.en.homeHeading} – Một Cửa`);
    release();
    await home.inLanguage('en').waitForApp();
    await expect(home.inLanguage('en').heading).toHaveText(UI.en.homeHeading);
    // A field's link keeps to English addresses.
    await home.inLanguage('en').fieldLinks.first().click();
    await expect(page).toHaveURL(/^[^?]*\/en\/tim-kiem\?/);
  });
});
