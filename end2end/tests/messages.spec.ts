import { fillSection, procedureToApply } from './fixtures/application';
import { registerCitizen } from './fixtures/lifecycle';
import { MARITAL_STATUS, QuestionPage } from './fixtures/prefill';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// What the person is told beside each question says what to do about it: a choice is chosen, a date
// of birth cannot be in the future, a date of birth that disagrees with the ID number says the year
// the number gives, a question with its own message says that, and a damaged PDF is called damaged.
const MESSAGES = {
  vi: {
    citizen: '056190001001',
    chooseRelationship: 'Chọn “Quan hệ với người được xác nhận”.',
    chooseResidence: 'Chọn tỉnh, thành phố và xã, phường cho “Nơi cư trú”.',
    future: '“Ngày, tháng, năm sinh” không được sau ngày hôm nay.',
    birthYear: 'Năm sinh không khớp với số định danh (số định danh cho thấy sinh năm 1990).',
    chooseStatus: 'Chọn “Tình trạng hôn nhân”.',
    copies: 'Mỗi lần đề nghị cấp từ 1 đến 10 Giấy xác nhận.',
    damaged: 'Tệp PDF bị hỏng hoặc không đọc được. Hãy lưu hoặc quét lại tệp rồi tải lên lại.',
  },
  en: {
    citizen: '056190001002',
    chooseRelationship: 'Choose “Relationship to the person to be certified”.',
    chooseResidence: 'Choose the province and the commune for “Place of residence”.',
    future: '“Date of birth” cannot be in the future.',
    birthYear: 'The year of birth does not match the ID number (the ID number says born in 1990).',
    chooseStatus: 'Choose “Marital status”.',
    copies: 'Ask for 1 to 10 certificates at a time.',
    damaged: 'This PDF is damaged or cannot be read. Save or scan it again, then upload it again.',
  },
} as const;

/** A PDF cut short in the middle of a stream: it starts as one but never ends. */
const DAMAGED_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Length 9000 >> stream\n\x89\x01\x02\x03');

for (const lang of ['vi', 'en'] as const) {
  test(`each message beside its question says what to do about it (${lang})`, async ({ page, request }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
    test.setTimeout(120_000);
    const said = MESSAGES[lang];
    const { form, detail } = await procedureToApply(request, MARITAL_STATUS);
    await registerCitizen(page, said.citizen, 'Hồ Thị Mai');
    const app = new QuestionPage(page, MARITAL_STATUS, lang);
    const l = app.labels;
    await app.open();

    // The applicant: the relationship is a choice, so it is asked to be chosen.
    await expect(app.heading).toHaveText(l.applicant);
    await app.next.click();
    await app.expectGroupMessage(l.relationship, said.chooseRelationship);
    await expectNoAxeViolations(page, 'applicant, relationship not chosen');
    await app.group(l.relationship).getByLabel(l.authorised).check();
    await app.next.click();

    // The person certified, asked in full since the applicant is someone else.
    await expect(app.heading).toHaveText(l.person);
    await app.box(l.name).fill('Hồ Văn Nam');
    await app.group(l.sex).getByLabel(l.female).check();
    await app.box(l.ethnicity).fill('Kinh');
    await app.box(l.id).fill('019190001234');
    await app.box(l.birth).fill('2030-01-01');
    await app.next.click();
    await app.expectMessage(l.birth, said.future);
    await app.expectGroupMessage(l.residence, said.chooseResidence);
    await expectNoAxeViolations(page, 'person, a birth date in the future');

    // A real date, but not the year the ID number gives: said on the date, with that year.
    await app.box(l.birth).fill('1991-05-27');
    const residence = app.address(l.residence);
    await residence.province.selectOption({ label: 'Tỉnh Thái Nguyên' });
    await residence.commune.selectOption({ index: 1 });
    await residence.street.fill('5 Đội Cấn');
    await app.next.click();
    await app.expectMessage(l.birth, said.birthYear);
    await expect(app.box(l.id)).not.toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, 'person, a birth year the ID disagrees with');
    await app.box(l.birth).fill('1990-05-27');
    await app.next.click();

    // A select left empty is asked to be chosen, not typed.
    await expect(app.heading).not.toHaveText(l.person);
    await app.next.click();
    await app.expectMessage(l.maritalStatus, said.chooseStatus);
    await expectNoAxeViolations(page, 'marital status not chosen');
    await fillSection(page, `f-${form.sections[2].id}`, form.sections[2].fields);
    await app.next.click();

    // The number of copies has its own message in the form.
    await fillSection(page, `f-${form.sections[3].id}`, form.sections[3].fields);
    await app.box(l.copies).fill('11');
    await app.next.click();
    await app.expectMessage(l.copies, said.copies);
    await expectNoAxeViolations(page, 'copies out of range');
    await app.box(l.copies).fill('1');
    await app.next.click();

    // A damaged PDF is called damaged, not of the wrong type.
    await expect(app.heading).toHaveText(app.ui.documents);
    const first = detail.procedure.documents.find((d: any) => d.mandatory && d.provided === 'upload');
    const input = app.document(first.name[lang]);
    await input.setInputFiles([{ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: DAMAGED_PDF }]);
    const row = app.main.locator('.mc-document').filter({ has: page.getByLabel(first.name[lang], { exact: true }) });
    await expect(row.getByRole('alert')).toHaveText(said.damaged);
    await expectNoAxeViolations(page, 'documents, a damaged PDF');
  });
}
