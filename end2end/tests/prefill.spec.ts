import { fillSection, procedureToApply } from './fixtures/application';
import { PDF, registerCitizen } from './fixtures/lifecycle';
import { MARITAL_STATUS, QuestionPage } from './fixtures/prefill';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// Nothing typed twice: the account fills what it knows (the address too, from the one given at
// registration), a nationality starts as Việt Nam, and an applicant who is the person certified is
// not asked their name, date of birth, ID number and residence again.
const CITIZEN = { vi: '058190001001', en: '058190001002' } as const;
const NAME = 'Đoàn Thị Hạnh';

for (const lang of ['vi', 'en'] as const) {
  test(`the account fills what it knows and "I am the person" fills the person's section (${lang})`, async ({ page, request }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
    test.setTimeout(120_000);
    const { form, detail } = await procedureToApply(request, MARITAL_STATUS);
    // Registered with "12 Hoàng Văn Thụ, Phường Phan Đình Phùng, Thái Nguyên" and born 27/05/1990.
    await registerCitizen(page, CITIZEN[lang], NAME);
    const app = new QuestionPage(page, MARITAL_STATUS, lang);
    const l = app.labels;
    await app.open();

    // The applicant's section: the account's name, ID number and address, the address as places.
    await expect(app.heading).toHaveText(l.applicant);
    await expect(app.box(l.name)).toHaveValue(NAME);
    await expect(app.box(l.id)).toHaveValue(CITIZEN[lang]);
    const residence = app.address(l.residence);
    await expect(residence.province.locator('option:checked')).toHaveText('Tỉnh Thái Nguyên');
    await expect(residence.commune.locator('option:checked')).toHaveText('Phường Phan Đình Phùng');
    await expect(residence.street).toHaveValue('12 Hoàng Văn Thụ');
    await expectNoAxeViolations(page, 'applicant, prefilled');
    await app.group(l.relationship).getByLabel(l.self).check();
    await app.next.click();

    // The person certified is the applicant: shown, not asked again; a way back to the choice.
    await expect(app.heading).toHaveText(l.person);
    await expect(app.main.getByText(l.given)).toBeVisible();
    for (const label of [l.name, l.birth, l.id]) {
      await expect(app.box(label)).toHaveCount(0);
    }
    await expect(app.group(l.residence)).toHaveCount(0);
    await expect(app.rowValue(l.name)).toHaveText(NAME);
    await expect(app.rowValue(l.birth)).toHaveText('27/05/1990');
    await expect(app.rowValue(l.id)).toHaveText(CITIZEN[lang]);
    await expect(app.rowValue(l.residence)).toContainText('Phường Phan Đình Phùng');
    await expect(app.box(l.nationality)).toHaveValue('Việt Nam');
    await expectNoAxeViolations(page, 'person, given by the applicant');
    await app.main.getByRole('button', { name: `${l.change} ${l.name}` }).click();
    await expect(app.heading).toHaveText(l.applicant);
    await expect(app.group(l.relationship).getByLabel(l.self)).toBeChecked();
    await app.next.click();

    // Only what the applicant's section does not say is asked.
    await expect(app.heading).toHaveText(l.person);
    await app.group(l.sex).getByLabel(l.female).check();
    await app.box(l.ethnicity).fill('Kinh');
    await app.next.click();
    for (const section of form.sections.slice(2)) {
      await fillSection(page, `f-${section.id}`, section.fields);
      await app.next.click();
    }
    await expect(app.heading).toHaveText(app.ui.documents);
    for (const doc of detail.procedure.documents.filter((d: any) => d.mandatory && d.provided === 'upload')) {
      await app.document(doc.name[lang]).setInputFiles([{ name: 'giấy tờ.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    }
    await expect(app.main.getByRole('button', { name: app.ui.remove })).not.toHaveCount(0);
    // Straight to the check page, as a reload of a saved application opens it: the delivery page
    // between has nothing of the person.
    await app.changeSaved((saved) => {
      saved.draft.step = 'kiem-tra';
    });
    await page.reload();

    // The check page shows the person's name, date of birth and ID number, as the applicant's.
    await expect(app.heading).toHaveText(app.ui.check);
    const person = app.main.locator('h2', { hasText: l.person }).locator('xpath=following-sibling::dl[1]');
    const value = (key: string) =>
      person.locator('.mc-summary-list__row').filter({ has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) }).locator('.mc-summary-list__value');
    await expect(value(l.name)).toHaveText(NAME);
    await expect(value(l.birth)).toHaveText('27/05/1990');
    await expect(value(l.id)).toHaveText(CITIZEN[lang]);
    await expect(value(l.nationality)).toHaveText('Việt Nam');
    await expectNoAxeViolations(page, 'check answers, the person given');
  });
}
