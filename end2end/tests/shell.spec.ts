import { expect, test } from './fixtures/test';
import { UI } from './fixtures/text';

test.describe('static shell', () => {
  test('text typed before the app starts is kept when it starts', async ({ home, page }) => {
    // Hold the WebAssembly until the text is typed (at least 1.5 s, as on a slow connection), so the
    // typing surely happens in the static shell of index.html.
    let typed!: () => void;
    const typing = new Promise<void>((resolve) => (typed = resolve));
    let wasmRequests = 0;
    await page.route(/\.wasm$/, async (route) => {
      wasmRequests++;
      await Promise.all([typing, new Promise((r) => setTimeout(r, 1500))]);
      await route.continue();
    });

    await page.goto('/', { waitUntil: 'commit' });
    // The shell's box is a plain search box; the app's is a combobox.
    const shellBox = page.getByRole('searchbox', { name: UI.vi.searchLabel });
    await shellBox.click();
    await shellBox.pressSequentially('ho chieu');
    await expect(home.searchBox.input).toHaveCount(0);
    await expect(shellBox).toHaveValue('ho chieu');
    typed();

    await home.waitForApp();
    await expect(home.searchBox.input).toHaveValue('ho chieu');
    await expect(shellBox).toHaveCount(0);
    expect(wasmRequests).toBeGreaterThan(0);
  });
});
