import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { ApplicationPage, fillSection, procedureToApply, type Field } from './fixtures/application';
import { DossierPage, officerPassword, PDF, registerCitizen, signIn } from './fixtures/lifecycle';
import type { Lang } from './fixtures/text';

// Birth registration: done by every commune's People's Committee, each an office of its own.
const PROCEDURE = '1.001193';

// What each language says of the commune's office and desk (catalogue/agencies.json, per_commune).
const BAC_KAN = {
  vi: {
    office: 'Ủy ban nhân dân phường Bắc Kạn',
    desk: 'Nhận tại Trung tâm Phục vụ hành chính công phường Bắc Kạn (Trụ sở Ủy ban nhân dân phường Bắc Kạn, tỉnh Thái Nguyên)',
    agency: 'Cơ quan giải quyết',
    how: 'Cách nhận kết quả',
    notFound: 'Không tìm thấy hồ sơ',
  },
  en: {
    office: "People's Committee of Phường Bắc Kạn",
    desk: 'Collect it at the Public Administration Service Centre of Phường Bắc Kạn (Trụ sở Ủy ban nhân dân phường Bắc Kạn, tỉnh Thái Nguyên)',
    agency: 'Agency',
    how: 'How the result is returned',
    notFound: 'Dossier not found',
  },
} as const;

/** Answers every section, then uploads a PDF for each mandatory document that is uploaded. */
async function toDelivery(app: ApplicationPage, request: Parameters<typeof procedureToApply>[0], lang: Lang): Promise<Field[]> {
  const { form, detail } = await procedureToApply(request, PROCEDURE);
  await app.answerSections(form.sections, async () => {});
  await expect(app.heading).toHaveText(app.ui.documents);
  const mandatory = detail.procedure.documents.filter((d: any) => d.mandatory && d.provided === 'upload');
  for (const doc of mandatory) {
    await app.document(doc.name[lang]).setInputFiles([{ name: 'giấy tờ.pdf', mimeType: 'application/pdf', buffer: PDF }]);
  }
  await expect(app.main.getByRole('button', { name: app.ui.remove })).toHaveCount(mandatory.length);
  await app.next.click();
  return form.sections.flatMap((s) => s.fields);
}

for (const lang of ['vi', 'en'] as const) {
  test(`a commune dossier goes to the commune chosen, its receipt names that commune's desk, and another commune's officer finds nothing (${lang})`, async ({
    page,
    browser,
    request,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
    test.setTimeout(180_000);
    const said = BAC_KAN[lang];
    await registerCitizen(page, lang === 'vi' ? '045190001111' : '045190001112', 'Vũ Thị Thu');
    const app = new ApplicationPage(page, PROCEDURE, lang);
    await app.goto();
    if (lang !== 'vi') await new ApplicationPage(page, PROCEDURE).languageSwitch.click();
    await toDelivery(app, request, lang);

    // One page says where the dossier goes and where the result is collected.
    await expect(app.heading).toHaveText(app.ui.deliveryAtCommune);
    const commune = app.main.getByLabel(app.ui.applyTo, { exact: true });
    await expect(commune.locator('option', { hasText: 'Phường Bắc Kạn' })).toBeAttached();
    await commune.selectOption({ label: 'Phường Bắc Kạn' });
    const desk = app.main.getByLabel(said.desk, { exact: true });
    await expect(desk).toBeVisible();
    await desk.check();
    await expectNoAxeViolations(page, `where to apply (${lang})`);
    await app.next.click();

    await expect(app.heading).toHaveText(app.ui.check);
    const row = (term: string) => app.main.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=..');
    await expect(row(app.ui.applyingTo)).toContainText(said.office);
    await expect(app.main.getByText(said.desk, { exact: true })).toBeVisible();
    await expectNoAxeViolations(page, `check answers at a commune (${lang})`);
    await app.submit.click();

    await expect(page).toHaveURL(/\/ho-so\/[^/]+\/bien-nhan$/);
    const code = (await page.locator('.mc-panel__code').textContent())!.trim();
    // The commune's own code leads the dossier's: Bắc Kạn is the province's second commune.
    expect(code).toMatch(/^002\.00\.50\.H55-\d{6}-\d{4}$/);
    await expect(row(said.agency)).toContainText(said.office);
    await expect(row(said.how)).toContainText(said.desk);
    await expectNoAxeViolations(page, `receipt at a commune (${lang})`);

    // Bắc Kạn's officer opens it; Đức Xuân's is told there is no such dossier.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const officers = await context.newPage();
    await signIn(officers, 'canbo.xa2', officerPassword('canbo.xa2'), '/can-bo');
    const dossier = new DossierPage(officers);
    await dossier.goto(code, true);
    await expect(dossier.steps).toContainText(BAC_KAN.vi.office);
    await expectNoAxeViolations(officers, 'the commune officer’s dossier');
    await context.clearCookies();
    await signIn(officers, 'canbo.xa', officerPassword('canbo.xa'), '/can-bo');
    await officers.goto(`/can-bo/ho-so/${code}`);
    await expect(officers.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(BAC_KAN.vi.notFound);
    await expectNoAxeViolations(officers, 'another commune’s officer: not found');
    await context.close();
  });
}

test('the commune starts as the one of the applicant’s residence, and how to receive the result is asked once', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(120_000);
  await registerCitizen(page, '045190001113', 'Đặng Văn Hải');
  const { form } = await procedureToApply(request, PROCEDURE);
  const app = new ApplicationPage(page, PROCEDURE);
  await app.goto();
  let residence = false;
  for (const section of form.sections) {
    // No page of the form asks how the result is received: the delivery page does, once.
    await expect(app.main.getByText(/Hình thức nhận kết quả/)).toHaveCount(0);
    await fillSection(page, `f-${section.id}`, section.fields);
    const address = section.fields.find((f) => f.kind === 'address');
    if (address && !residence) {
      // The first address given is in the province: Xã Phong Quang.
      residence = true;
      const id = `f-${section.id}-${address.id}`;
      await page.locator(`#${id}`).selectOption('19');
      await page.locator(`#${id}-commune`).selectOption('01849');
    }
    await app.next.click();
  }
  expect(residence).toBe(true);
  await expect(app.heading).toHaveText(app.ui.documents);
  const { detail } = await procedureToApply(request, PROCEDURE);
  const mandatory = detail.procedure.documents.filter((d: any) => d.mandatory && d.provided === 'upload');
  for (const doc of mandatory) {
    await app.document(doc.name.vi).setInputFiles([{ name: 'giấy tờ.pdf', mimeType: 'application/pdf', buffer: PDF }]);
  }
  // Each upload done before going on.
  await expect(app.main.getByRole('button', { name: app.ui.remove })).toHaveCount(mandatory.length);
  await app.next.click();
  await expect(app.heading).toHaveText(app.ui.deliveryAtCommune);
  await expect(app.main.getByLabel(app.ui.applyTo, { exact: true })).toHaveValue('01849');
  await expect(app.main.getByLabel(/^Nhận tại Trung tâm Phục vụ hành chính công xã Phong Quang/)).toBeVisible();
  await expect(app.main.getByRole('group', { name: 'Bạn muốn nhận kết quả bằng cách nào?' })).toHaveCount(1);
  await expectNoAxeViolations(page, 'the commune of the residence');

  // Leaving it empty is refused beside the choice, in words.
  await app.main.getByLabel(app.ui.applyTo, { exact: true }).selectOption('');
  await app.next.click();
  await expect(app.errorSummary).toBeVisible();
  await app.expectDescribedBy(app.main.getByLabel(app.ui.applyTo, { exact: true }), /Chọn xã, phường trong tỉnh: nơi đó quyết định cơ quan nào giải quyết/);
  await expectNoAxeViolations(page, 'no commune chosen');
});
