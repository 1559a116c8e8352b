import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { procedures } from './fixtures/text';

test.describe('search', () => {
  test('"giay phep xay dung" without diacritics finds the construction permit', async ({
    home,
    results,
    catalogue,
    page,
  }) => {
    const q = 'giay phep xay dung';
    const api = await catalogue.search({ q });
    expect(api.total).toBeGreaterThan(0);

    await home.goto();
    await home.searchBox.search(q);
    await expect(page).toHaveURL(/\/tim-kiem\?q=giay(%20|\+)phep(%20|\+)xay(%20|\+)dung$/);

    await results.waitForResults();
    await expect(results.links.first()).toHaveText(/giấy phép xây dựng/i);
    await expect(results.count).toHaveText(`${procedures(api.total)} cho “${q}”`);
    await expect(results.links).toHaveText(api.items.map((i) => i.name.vi));
    await expect(results.searchBox.input).toHaveValue(q);
    await expect(page).toHaveTitle(`Kết quả tìm kiếm “${q}” – Một Cửa`);

    await expectNoAxeViolations(page, 'results');
    await results.openFilters();
    await expectNoAxeViolations(page, 'results with the filters open');
  });
});
