import { DEFAULT_PER_PAGE } from './fixtures/api';
import { expect, test } from './fixtures/test';
import { escapeRegExp } from './fixtures/text';

test.describe('filters', () => {
  test('choosing a field narrows the results, is kept in the URL, and Back undoes it', async ({
    results,
    catalogue,
    page,
  }) => {
    const all = await catalogue.search();
    // The biggest field that does not hold every procedure, so filtering visibly changes the list.
    const field = all.facets.field
      .filter((f) => f.count > 0 && f.count < all.total)
      .sort((a, b) => b.count - a.count)[0];
    expect(field, 'the catalogue has at least two fields').toBeDefined();
    const filtered = await catalogue.search({ field: field.id });

    await results.goto();
    await results.expectTotal(all.total);
    const unfiltered = await results.names();
    expect(unfiltered).toEqual(all.items.map((i) => i.name.vi));

    await results.openFilters();
    await expect(results.fieldSelect).toHaveValue('');
    const option = results.fieldSelect.getByRole('option', {
      name: new RegExp(`^${escapeRegExp(field.name.vi)} \\(\\d+\\)$`),
    });
    const optionCount = Number(/\((\d+)\)$/.exec((await option.textContent())!)![1]);
    expect(optionCount).toBe(field.count);

    await results.fieldSelect.selectOption(field.id);
    await expect(page).toHaveURL(`/tim-kiem?field=${field.id}`);
    await results.expectTotal(optionCount);
    await expect(results.fieldSelect).toHaveValue(field.id);
    await expect(results.items).toHaveCount(Math.min(optionCount, DEFAULT_PER_PAGE));
    // Every card names its field: "agency · field".
    await expect(results.items).toHaveText(
      Array(Math.min(optionCount, DEFAULT_PER_PAGE)).fill(
        new RegExp(`· ${escapeRegExp(field.name.vi)}`),
      ),
    );
    await expect(results.links).toHaveText(filtered.items.map((i) => i.name.vi));
    await expect(results.filtersToggle).toHaveText('Lọc kết quả (1 bộ lọc đang dùng)');

    await page.goBack();
    await expect(page).toHaveURL('/tim-kiem');
    await results.expectTotal(all.total);
    await expect(results.links).toHaveText(unfiltered);

    await page.goForward();
    await expect(page).toHaveURL(`/tim-kiem?field=${field.id}`);
    await results.expectTotal(optionCount);

    await page.reload();
    await results.waitForResults();
    await results.expectTotal(optionCount);
    await expect(results.links).toHaveText(filtered.items.map((i) => i.name.vi));
    await expect(results.fieldSelect).toBeVisible();
    await expect(results.fieldSelect).toHaveValue(field.id);
  });
});
