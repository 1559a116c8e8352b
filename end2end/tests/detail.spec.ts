import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { UI, vnd, workingDays } from './fixtures/text';

test.describe('procedure page', () => {
  test('shows the name, the summary, the documents and the template form', async ({
    detail,
    catalogue,
    page,
    request,
  }) => {
    const withTemplate = (d: { procedure: { documents: { template: string | null }[] } }) =>
      d.procedure.documents.some((doc) => doc.template);
    const d =
      (await catalogue.findProcedure((d) => withTemplate(d) && d.procedure.fees.length > 0)) ??
      (await catalogue.findProcedure(withTemplate));
    expect(d, 'the catalogue has a procedure with a template form').toBeDefined();
    const p = d!.procedure;

    await detail.openBySearch(p.code);
    await detail.expectHeading(p.name.vi);
    await expect(page).toHaveTitle(`${p.name.vi} – Một Cửa`);

    await expect(detail.summary(UI.vi.procedureCode)).toHaveText(p.code);
    await expect(detail.summary(UI.vi.agency)).toContainText(d!.agency.name.vi);
    await expect(detail.summary(UI.vi.processingTime)).toContainText(workingDays(p.processing_days));
    const fees = detail.summary(UI.vi.fees);
    if (p.fees.length === 0) {
      await expect(fees).toHaveText('Không thu phí, lệ phí');
    } else {
      for (const fee of p.fees) {
        await expect(fees).toContainText(`${fee.name.vi}: ${vnd(fee.amount_vnd)}`);
      }
    }

    await expect(detail.documents).toBeVisible();
    await expect(detail.documentItems).toHaveCount(p.documents.length);
    for (const [i, doc] of p.documents.entries()) {
      await expect(detail.documentItems.nth(i)).toContainText(doc.name.vi);
    }

    const templates = p.documents.flatMap((doc) => (doc.template ? [doc.template] : []));
    await expect(detail.templateLinks).toHaveCount(templates.length);
    for (const [i, file] of templates.entries()) {
      const link = detail.templateLinks.nth(i);
      await expect(link).toHaveAccessibleName(`${UI.vi.downloadForm} (${file})`);
      await expect(link).toHaveAttribute('download', file);
      const href = (await link.getAttribute('href'))!;
      expect(href).toBe(`/api/v1/templates/${encodeURIComponent(file)}`);
      const response = await request.get(href);
      expect(response.status(), `GET ${href}`).toBe(200);
      expect(response.headers()['content-disposition']).toContain('attachment');
      expect((await response.body()).length).toBeGreaterThan(0);
    }

    await expectNoAxeViolations(page, `/thu-tuc/${p.code}`);
  });

  test('a procedure without a template form has no download link', async ({ detail, catalogue }) => {
    const d = await catalogue.findProcedure((d) => d.procedure.documents.every((doc) => !doc.template));
    test.skip(!d, 'every procedure of the sample has a template form');
    await detail.openBySearch(d!.procedure.code);
    await detail.expectHeading(d!.procedure.name.vi);
    await expect(detail.documentItems).toHaveCount(d!.procedure.documents.length);
    await expect(detail.templateLinks).toHaveCount(0);
  });

  test('an unknown code says the procedure is not found', async ({ detail, page }) => {
    await detail.goto('9.999999');
    await expect(detail.heading).toHaveText(UI.vi.procedureNotFound);
    await expect(page).toHaveTitle(`${UI.vi.procedureNotFound} – Một Cửa`);
    await expect(detail.main.getByRole('link', { name: 'Tìm thủ tục theo tên' })).toBeVisible();
  });

  test('an unknown path says the page is not found', async ({ detail, page }) => {
    await page.goto('/khong-co-trang-nay');
    await detail.waitForApp();
    await expect(detail.heading).toHaveText(UI.vi.pageNotFound);
    await expect(page).toHaveTitle(`${UI.vi.pageNotFound} – Một Cửa`);
    await expect(
      detail.main.getByRole('link', { name: 'Về trang chủ để tìm thủ tục' }),
    ).toHaveAttribute('href', '/');
  });
});
