import { DEFAULT_PER_PAGE } from './fixtures/api';
import { expect, test } from './fixtures/test';

test.describe('pagination', () => {
  test('a search with many results has page links; page 2 has its own URL and results', async ({
    results,
    catalogue,
    page,
  }) => {
    // The search with the most results among some everyday words (the empty search lists everything).
    let best = { q: '', total: 0 };
    for (const q of ['giay', 'dang ky', 'cap', '']) {
      const { total } = await catalogue.search({ q });
      if (total > best.total) best = { q, total };
      if (total > DEFAULT_PER_PAGE) break;
    }
    // A small sample catalogue may hold fewer results than a page: then ask for short pages.
    const perPage = best.total > DEFAULT_PER_PAGE ? DEFAULT_PER_PAGE : 5;
    expect(best.total, 'enough procedures for two pages').toBeGreaterThan(perPage);
    const params: Record<string, string | number> = {};
    if (best.q) params.q = best.q;
    if (perPage !== DEFAULT_PER_PAGE) params.per_page = perPage;
    const page1 = await catalogue.search(params);
    const page2 = await catalogue.search({ ...params, page: 2 });
    const pages = Math.ceil(best.total / perPage);

    await results.goto(params);
    await results.expectTotal(best.total);
    await expect(results.pagination).toBeVisible();
    await expect(results.pageLink(1)).toHaveAttribute('aria-current', 'page');
    await expect(results.pageLink(2)).toBeVisible();
    await expect(results.pageLink(pages)).toBeVisible();
    await expect(results.links).toHaveText(page1.items.map((i) => i.name.vi));

    const urlBefore = page.url();
    await results.pageLink(2).click();
    await expect(page).toHaveURL(/[?&]page=2(&|$)/);
    expect(page.url()).not.toBe(urlBefore);
    await expect(results.pageLink(2)).toHaveAttribute('aria-current', 'page');
    await expect(results.pageLink(1)).not.toHaveAttribute('aria-current');
    await expect(results.links).toHaveText(page2.items.map((i) => i.name.vi));
    expect(page2.items[0].code).not.toBe(page1.items[0].code);
    await expect(results.pagination.getByRole('link', { name: '‹ Trang trước' })).toBeVisible();
    // The count is of the whole search, not of the page.
    await results.expectTotal(best.total);
  });
});
