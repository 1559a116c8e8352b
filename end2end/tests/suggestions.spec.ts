import { expect, test } from './fixtures/test';

test.describe('search as you type', () => {
  test('"khai si" lists suggestions; ArrowDown and Enter open the first', async ({
    home,
    detail,
    catalogue,
    page,
  }) => {
    const expected = await catalogue.suggest('khai si');
    expect(expected.length, 'the API suggests something for "khai si"').toBeGreaterThan(0);

    await home.goto();
    const box = home.searchBox;
    await box.type('khai si');
    await expect(box.listbox).toBeVisible();
    await expect(box.input).toHaveAttribute('aria-expanded', 'true');
    await expect(box.options).toHaveText(expected.map((s) => s.name.vi));
    await expect(page.getByRole('status').filter({ hasText: 'gợi ý' })).toHaveText(
      `Có ${expected.length} gợi ý. Dùng phím mũi tên để chọn.`,
    );

    await box.input.press('ArrowDown');
    const first = box.options.first();
    await expect(first).toHaveAttribute('aria-selected', 'true');
    await expect(box.input).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
    await expect(box.input).toBeFocused();

    await box.input.press('Enter');
    await expect(page).toHaveURL(`/thu-tuc/${expected[0].code}`);
    await detail.expectHeading(expected[0].name.vi);
  });

  test('Escape closes the list', async ({ home }) => {
    await home.goto();
    const box = home.searchBox;
    await box.type('khai si');
    await expect(box.listbox).toBeVisible();
    await box.input.press('ArrowDown');
    await expect(box.input).toHaveAttribute('aria-activedescendant', /.+/);

    await box.input.press('Escape');
    await box.expectClosed();
    await expect(box.input).not.toHaveAttribute('aria-activedescendant');
    await expect(box.input).toBeFocused();
  });

  test('Escape keeps the typed text; ArrowDown opens the list again', async ({ home }) => {
    await home.goto();
    const box = home.searchBox;
    await box.type('khai si');
    await expect(box.listbox).toBeVisible();

    await box.input.press('Escape');
    await box.expectClosed();
    await expect(box.input).toHaveValue('khai si', { timeout: 2_000 });

    await box.input.press('ArrowDown');
    await expect(box.listbox).toBeVisible();
    await expect(box.options.first()).toHaveAttribute('aria-selected', 'true');
  });

  test('submitting right after the last keystroke raises no error', async ({ home, results, page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The page's clock, so "within 180 ms" does not depend on how fast this machine is.
    await page.clock.install();

    await home.goto();
    await page.clock.pauseAt(Date.now() + 60_000);
    await home.searchBox.input.fill('khai sinh');
    await home.searchBox.input.press('Enter'); // no time passes: well within the 180 ms debounce
    await results.waitForResults();
    // Now the debounce timer of the home page's search box, which is gone, comes due.
    await page.clock.runFor(1_000);
    await page.clock.resume();
    await expect(results.count).toBeVisible();
    expect(errors).toEqual([]);
  });
});
