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

test('a change button on the check page names the question and the item, and leads to that item', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(120_000);

  await registerCitizen(page, '040190003333', 'Trần Thị Mai');
  const sections = await applyWithItems(page, request, PROCEDURE, ITEMS);
  const group = sections.flatMap((s) => s.fields).find((f) => f.kind === 'group')!;
  const free = group.fields!.find((f) => f.kind === 'text' && !f.rules?.pattern)!;
  const main = page.getByRole('main');
  const backToCheck = async (next: string, check: string) => {
    for (let i = 0; i < 8 && (await main.getByRole('heading', { level: 1 }).innerText()) !== check; i++) {
      await main.getByRole('button', { name: next }).click();
    }
    await expect(main.getByRole('heading', { level: 1 })).toHaveText(check);
  };

  for (const [lang, change, item, next, check] of [
    ['vi', 'Thay đổi', (n: number) => `(mục thứ ${n})`, 'Tiếp tục', 'Kiểm tra lại trước khi nộp'],
    ['en', 'Change', (n: number) => `(item ${n})`, 'Continue', 'Check your answers before submitting'],
  ] as const) {
    if (lang === 'en') await page.getByRole('banner').getByRole('button', { name: 'English' }).click();
    await expect(main.getByRole('heading', { level: 1 })).toHaveText(check);
    const label = free.label[lang];
    // One button per question of each item, each named for its item.
    await expect(main.getByRole('button', { name: `${change} ${label} ${item(1)}`, exact: true })).toHaveCount(1);
    const second = main.getByRole('button', { name: `${change} ${label} ${item(2)}`, exact: true });
    await expect(second).toHaveCount(1);
    await expectNoAxeViolations(page, `check page with item change buttons (${lang})`);

    await second.click();
    const control = main.getByRole('group', { name: `${group.label[lang]} 2`, exact: true }).getByLabel(label, { exact: true });
    await expect(control).toBeFocused();
    await expect(control).toHaveValue(itemText(1));
    await expectNoAxeViolations(page, `the item's page (${lang})`);
    await backToCheck(next, check);
  }
});

test('in English, answers read with the form’s English labels and option texts, on the check page and the dossier', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(180_000);

  await registerCitizen(page, '040190004444', 'Hoàng Văn Dũng');
  const sections = await applyWithItems(page, request, PROCEDURE, ITEMS);
  const fields = sections.flatMap((s) => s.fields);
  const group = fields.find((f) => f.kind === 'group')!;
  await page.getByRole('banner').getByRole('button', { name: 'English' }).click();

  const expectInEnglish = async (answers: AnswersView, level: 2 | 3, what: string) => {
    // The sections under their English titles, in the form's order.
    const titles = sections.map((s) => s.title.en);
    const headings = (await answers.root.getByRole('heading', { level }).allInnerTexts()).map((h) => h.trim());
    expect(headings.filter((h) => titles.includes(h))).toEqual(titles);
    for (const f of fields.filter((f) => f.kind !== 'group')) {
      if (f.kind === 'radio' || f.kind === 'select') await expect(answers.value(f.label.en)).toHaveText(f.options![0].label.en);
      if (f.kind === 'date') await expect(answers.value(f.label.en)).toHaveText(/^\d{2}\/\d{2}\/\d{4}$/);
      if (f.kind === 'checkbox' && !f.options?.length) await expect(answers.value(f.label.en)).toHaveText('Yes');
    }
    // Each item of the group with its questions' English labels.
    const items = answers.items(group.label.en);
    await expect(items).toHaveCount(ITEMS);
    for (const inner of group.fields!) await expect(answers.row(inner.label.en, items.first())).toBeVisible();
    // No Vietnamese label left where an English one is given.
    for (const f of [...fields, ...group.fields!].filter((f) => f.label.en !== f.label.vi)) {
      await expect(answers.row(f.label.vi)).toHaveCount(0);
    }
    await answers.expectNoRawValues(fields);
    await expectNoAxeViolations(page, what);
  };

  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Check your answers before submitting');
  await expectInEnglish(AnswersView.onCheck(page), 2, 'check answers in English');
  await page.getByRole('main').getByRole('button', { name: 'Submit the application' }).click();
  await expect(page).toHaveURL(/\/ho-so\/[^/]+\/bien-nhan$/);
  const code = (await page.locator('.mc-panel__code').textContent())!.trim();

  await page.goto(`/ho-so/${code}`);
  const submitted = new AnswersView(page.getByRole('main').getByRole('region', { name: 'What was submitted' }));
  await expect(submitted.root.getByRole('heading', { level: 3, name: sections[0].title.en })).toBeVisible();
  await expectInEnglish(submitted, 3, 'the dossier’s answers in English');
});
