import { AnswersView, applyWithItems, itemText, submitChecked } from './fixtures/answers';
import { DossierPage, officerPassword, registerCitizen, signIn } from './fixtures/lifecycle';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// The judicial record certificate (Phiếu lý lịch tư pháp): radio choices, dates, addresses, a box to
// tick and a repeating group (where the applicant has lived).
const PROCEDURE = '2.000488';
const ITEMS = 2;

test('answers read the same on the check page and in the officer’s view: labels, not stored values, and every item of a group', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(180_000);

  await registerCitizen(page, '040190002222', 'Lê Văn Bình');
  const sections = await applyWithItems(page, request, PROCEDURE, ITEMS);
  const fields = sections.flatMap((s) => s.fields);
  const group = fields.find((f) => f.kind === 'group')!;

  // The check page: sections in the form's order, the group's items listed.
  const check = AnswersView.onCheck(page);
  const titles = sections.map((s) => s.title.vi);
  const inOrder = async (headings: string[]) => expect(headings.map((h) => h.trim()).filter((h) => titles.includes(h))).toEqual(titles);
  await inOrder(await page.getByRole('main').getByRole('heading', { level: 2 }).allInnerTexts());
  await expect(check.items(group.label.vi)).toHaveCount(ITEMS);
  await check.expectNoRawValues(fields);
  await expectNoAxeViolations(page, 'check answers with a group');
  const code = await submitChecked(page);

  // The officer at the service centre opens it.
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const desk = await context.newPage();
  await signIn(desk, 'canbo.hcc', officerPassword('canbo.hcc'), '/can-bo');
  const officer = new DossierPage(desk);
  await officer.goto(code, true);
  const answers = AnswersView.onDossier(desk);
  await expect(answers.root.getByRole('heading', { level: 3, name: titles[0] })).toBeVisible();
  await inOrder(await answers.root.getByRole('heading', { level: 3 }).allInnerTexts());

  // Every item of the group, each with its questions' labels and its own answers.
  const items = answers.items(group.label.vi);
  await expect(items).toHaveCount(ITEMS);
  for (let i = 0; i < ITEMS; i++) {
    const item = items.nth(i);
    for (const inner of group.fields!) {
      await expect(answers.row(inner.label.vi, item)).toBeVisible();
    }
    const free = group.fields!.find((f) => f.kind === 'text' && !f.rules?.pattern)!;
    await expect(answers.value(free.label.vi, item)).toHaveText(itemText(i));
  }

  // Choices by their labels, dates as DD/MM/YYYY, a ticked box as Có, an address by its place names.
  for (const f of fields.filter((f) => f.kind === 'radio')) {
    await expect(answers.value(f.label.vi)).toHaveText(f.options![0].label.vi);
  }
  for (const f of fields.filter((f) => f.kind === 'date')) {
    await expect(answers.value(f.label.vi)).toHaveText(/^\d{2}\/\d{2}\/\d{4}$/);
  }
  for (const f of fields.filter((f) => f.kind === 'checkbox' && !f.options?.length)) {
    await expect(answers.value(f.label.vi)).toHaveText('Có');
  }
  for (const f of fields.filter((f) => f.kind === 'address' && f.required)) {
    await expect(answers.value(f.label.vi)).toHaveText(/^12 Hoàng Văn Thụ, \S.*, \S.*$/);
  }
  await answers.expectNoRawValues(fields);
  await expectNoAxeViolations(desk, 'officer dossier with a group');
  await context.close();
});
