import { expect, test } from './fixtures/test';
import { procedures } from './fixtures/text';

test.describe('deep links', () => {
  test('a procedure address opens that procedure in a fresh page', async ({ detail, catalogue, page }) => {
    const { items } = await catalogue.search({ q: 'khai sinh' });
    const p = items[0] ?? (await catalogue.search()).items[0];

    const response = await page.goto(`/thu-tuc/${p.code}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    await detail.waitForApp();
    await detail.expectHeading(p.name.vi);
    await expect(page).toHaveTitle(`${p.name.vi} – Một Cửa`);
    // A reload, as after a lost connection, keeps the page.
    await page.reload();
    await detail.waitForApp();
    await detail.expectHeading(p.name.vi);
  });

  test('a search address opens its results in a fresh page', async ({ results, catalogue, page }) => {
    const q = 'khai sinh';
    const api = await catalogue.search({ q });
    expect(api.total).toBeGreaterThan(0);

    const response = await page.goto(`/tim-kiem?q=${encodeURIComponent(q)}`);
    expect(response?.status()).toBe(200);
    await results.waitForResults();
    await expect(results.count).toHaveText(`${procedures(api.total)} cho “${q}”`);
    await expect(results.links).toHaveText(api.items.map((i) => i.name.vi));
    await expect(results.searchBox.input).toHaveValue(q);
    await expect(page).toHaveTitle(`Kết quả tìm kiếm “${q}” – Một Cửa`);
  });

  test('an invalid search address explains itself', async ({ results }) => {
    await results.page.goto('/tim-kiem?page=0');
    await results.waitForApp();
    await expect(results.main.getByRole('alert')).toContainText('Địa chỉ tìm kiếm này không hợp lệ.');
    await expect(results.main.getByRole('link', { name: 'Bắt đầu tìm kiếm mới' })).toHaveAttribute(
      'href',
      '/tim-kiem',
    );
  });
});
