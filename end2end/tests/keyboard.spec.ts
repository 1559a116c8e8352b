import { expect, test } from './fixtures/test';

test.describe('keyboard', () => {
  test('the skip link is the first Tab stop and moves focus to the main content', async ({
    home,
    page,
  }) => {
    await home.goto();
    await page.keyboard.press('Tab');
    await expect(home.skipLink).toBeFocused();
    await expect(home.skipLink).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(home.main).toBeFocused({ timeout: 2_000 });
    // The next stop after the start of main is the search box.
    await page.keyboard.press('Tab');
    await expect(home.searchBox.input).toBeFocused();
  });

  test('searching and opening a result work with the keyboard only', async ({
    home,
    results,
    detail,
    page,
  }) => {
    await home.goto();
    await page.keyboard.press('Tab');
    await expect(home.skipLink).toBeFocused();
    // On through the header to the search box (the skip link would be quicker: see the test above).
    await home.tabTo(home.searchBox.input, 5);
    await page.keyboard.type('khai sinh');
    await expect(home.searchBox.listbox).toBeVisible();
    // Enter with no suggestion chosen searches for the text.
    await page.keyboard.press('Enter');

    await expect(page).toHaveURL(/\/tim-kiem\?q=khai(%20|\+)sinh$/);
    await results.waitForResults();
    // After a navigation the app moves focus to the main content.
    await expect(results.main).toBeFocused();

    // Tab on to the first result (past the search form and the closed filters).
    const first = results.links.first();
    const name = (await first.textContent())!.trim();
    await results.tabTo(first, 12);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/thu-tuc\//);
    await detail.expectHeading(name);
    await expect(detail.main).toBeFocused();
  });

  test('Tab from the search box, with suggestions shown, goes on to the Search button', async ({
    home,
    page,
  }) => {
    await home.goto();
    await home.searchBox.type('khai sinh');
    await expect(home.searchBox.listbox).toBeVisible(); // 8 suggestions: the list scrolls
    await page.keyboard.press('Tab');
    await expect(home.searchBox.submit).toBeFocused({ timeout: 2_000 });
    await home.searchBox.expectClosed();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/tim-kiem\?q=khai(%20|\+)sinh$/);
  });
});
