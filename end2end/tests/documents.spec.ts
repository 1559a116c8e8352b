import { procedureToApply } from './fixtures/application';
import { CompanyPage, randomTaxCode, registerBusiness } from './fixtures/company';
import { DetailPage } from './fixtures/detail';
import { CertificatePicker, DocumentsStep } from './fixtures/documents';
import { PDF, registerCitizen } from './fixtures/lifecycle';
import { expect, expectNoAxeViolations, test } from './fixtures/test';
import type { Lang } from './fixtures/text';

// Exchanging a driving licence: the current licence is handed in when the new one is collected.
const LICENCE = '1.012811';
// Birth registration: the parent's identity is read from the e-ID account.
const BIRTH = '1.001193';

const ready = async (request: Parameters<typeof procedureToApply>[0], code: string) => {
  const { form, detail } = await procedureToApply(request, code);
  const documents = detail.procedure.documents as { name: { vi: string; en: string }; mandatory: boolean; provided: string }[];
  return { form, documents };
};

for (const lang of ['vi', 'en'] as Lang[]) {
  test(`a procedure's page says beside each document not uploaded how it is provided (${lang})`, async ({ page, request }) => {
    const detail = new DetailPage(page, lang);
    for (const [code, provided] of [
      [LICENCE, 'at_collection'],
      [BIRTH, 'from_eid'],
    ] as const) {
      const { documents } = await ready(request, code);
      const doc = documents.find((d) => d.provided === provided)!;
      await detail.goto(code);
      const item = detail.documentItems.filter({ hasText: doc.name[lang] });
      await expect(item).toContainText(new DocumentsStep(page, code, lang).said[provided]);
      // The others say nothing of the kind.
      const uploaded = detail.documentItems.filter({ hasText: documents.find((d) => d.provided === 'upload')!.name[lang] });
      await expect(uploaded).not.toContainText(new DocumentsStep(page, code, lang).said[provided]);
      await expectNoAxeViolations(page, `detail ${code} (${lang})`);
    }
  });

  test(`the licence handed in at collection is not an upload: listed on the documents step, the check page and the receipt (${lang})`, async ({
    page,
    request,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
    test.setTimeout(120_000);
    const { form, documents } = await ready(request, LICENCE);
    const licence = documents.find((d) => d.provided === 'at_collection')!.name[lang];
    const uploads = documents.filter((d) => d.mandatory && d.provided === 'upload');

    await registerCitizen(page, lang === 'vi' ? '044190005551' : '044190005552', 'Hoàng Văn Nam');
    const app = new DocumentsStep(page, LICENCE, lang);
    await app.goto();
    if (lang !== 'vi') await new DocumentsStep(page, LICENCE).languageSwitch.click();
    await app.answerSections(form.sections, (what) => expectNoAxeViolations(page, what));

    await expect(app.heading).toHaveText(app.ui.documents);
    await expect(app.document(licence)).toHaveCount(0);
    await expect(app.main.getByRole('heading', { level: 2, name: app.said.notUploaded })).toBeVisible();
    await expect(app.how(licence)).toHaveText(app.said.at_collection);
    await expectNoAxeViolations(page, 'documents with one not uploaded');
    for (const doc of uploads) {
      await app.document(doc.name[lang]).setInputFiles([{ name: 'đơn đề nghị.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    }
    await expect(app.main.getByRole('button', { name: app.ui.remove })).toHaveCount(uploads.length);
    // Continuing needs nothing more: the licence is not asked for.
    await app.next.click();
    await expect(app.heading).toHaveText(app.ui.delivery);
    await app.collectAtDesk();
    await app.next.click();

    await expect(app.heading).toHaveText(app.ui.check);
    await expect(app.how(licence)).toHaveText(app.said.at_collection);
    await expectNoAxeViolations(page, 'check page with a document not uploaded');

    await app.submit.click();
    await expect(page).toHaveURL(/\/ho-so\/[^/]+\/bien-nhan$/);
    await app.expectOnReceipt(licence, app.said.at_collection);
    await expectNoAxeViolations(page, 'receipt with a document not uploaded');

    // The dossier's page says it too, as the officers' does.
    const code = (await page.locator('.mc-panel__code').textContent())!.trim();
    await page.goto(`/ho-so/${code}`);
    await expect(app.how(licence)).toHaveText(app.said.at_collection);
    await expectNoAxeViolations(page, 'dossier with a document not uploaded');
  });

  test(`on a resumed draft, choosing a file already attached leaves one copy and says so (${lang})`, async ({ page, request }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
    test.setTimeout(120_000);
    const { form, documents } = await ready(request, LICENCE);
    const first = documents.find((d) => d.mandatory && d.provided === 'upload')!.name[lang];
    const file = { name: 'đơn đề nghị.pdf', mimeType: 'application/pdf', buffer: PDF };

    await registerCitizen(page, lang === 'vi' ? '044190005553' : '044190005554', 'Vũ Thị Lan');
    const app = new DocumentsStep(page, LICENCE, lang);
    await app.goto();
    if (lang !== 'vi') await new DocumentsStep(page, LICENCE).languageSwitch.click();
    await app.answerSections(form.sections, async () => {});
    await expect(app.heading).toHaveText(app.ui.documents);
    await app.document(first).setInputFiles([file]);
    await expect(app.attached(first)).toHaveCount(1);

    // Opened again from the server, as on another device: the file is listed, and chosen again.
    await app.resumeFromServer();
    await expect(app.heading).toHaveText(app.ui.documents);
    await expect(app.attached(first)).toHaveCount(1);
    await app.document(first).setInputFiles([file]);
    await expect(app.status(first)).toHaveText(app.said.repeated(file.name));
    await expect(app.attached(first)).toHaveCount(1);
    await expectNoAxeViolations(page, 'documents, a file chosen twice');

    // Another file is added beside it, and the notice goes.
    await app.document(first).setInputFiles([{ ...file, name: 'trang 2.pdf', buffer: Buffer.concat([PDF, Buffer.from('% 2\n')]) }]);
    await expect(app.attached(first)).toHaveCount(2);
    await expect(app.status(first)).toHaveText('');
  });

  test(`the company certificate takes one file: choosing another replaces it (${lang})`, async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
    test.setTimeout(90_000);
    await registerBusiness(page, randomTaxCode(), 'Công ty TNHH Một Tệp');
    const company = new CompanyPage(page);
    await company.goto();
    if (lang !== 'vi') await company.languageSwitch.click();
    const picker = new CertificatePicker(page, lang);
    await expect(picker.input).not.toHaveAttribute('multiple');
    await expect(picker.input).toHaveAccessibleDescription(CertificatePicker.TEXT[lang].hint);

    await picker.choose('giấy chứng nhận.pdf', PDF);
    await expect(picker.removeButtons).toHaveCount(1);
    await picker.choose('bản mới.pdf', Buffer.concat([PDF, Buffer.from('% mới\n')]));
    await expect(picker.removeButtons).toHaveCount(1);
    await expect(picker.input.locator('..').getByText(/^giấy chứng nhận\.pdf/)).toHaveCount(0);
    await expectNoAxeViolations(page, `company certificate, replaced (${lang})`);
  });
}
