import { AnswersView, applyWithItems, submitChecked } from './fixtures/answers';
import { DossierPage, registerCitizen } from './fixtures/lifecycle';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// First-time land registration asks for the plot's area in m². A Vietnamese writes twelve thousand
// as "12.000": it is twelve thousand (not twelve) on the check page, on the dossier and as stored.
const PROCEDURE = '1.012753';
const AREA = 'Diện tích (m²)';

test('an area typed as 12.000 is twelve thousand square metres, shown as 12.000 and stored as 12000', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(180_000);

  await registerCitizen(page, '040190008989', 'Lý Văn Nam');
  await applyWithItems(page, request, PROCEDURE, 1);

  // Back from the check page to the area, typed the Vietnamese way.
  const check = AnswersView.onCheck(page);
  await check.row(AREA).getByRole('button', { name: `Thay đổi ${AREA}` }).click();
  const area = page.getByRole('main').getByLabel(AREA, { exact: true });
  await expect(area).toBeFocused();
  await area.fill('12.000');
  const main = page.getByRole('main');
  for (let i = 0; i < 6 && (await main.getByRole('heading', { level: 1 }).innerText()) !== 'Kiểm tra lại trước khi nộp'; i++) {
    await main.getByRole('button', { name: 'Tiếp tục' }).click();
  }
  // Within the range the form allows (up to 10 000 000 m²): no problem to correct.
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('Kiểm tra lại trước khi nộp');
  await expect(check.value(AREA)).toHaveText('12.000');
  await expectNoAxeViolations(page, 'check page with an area');
  const code = await submitChecked(page);

  // Stored as the number it is, without the grouping dot.
  const stored = await page.request.get(`/api/v1/dossiers/${encodeURIComponent(code)}`);
  expect(stored.status()).toBe(200);
  expect((await stored.json()).answers['thua-dat'].dien_tich).toBe('12000');

  // And read back the same way on the dossier's page.
  const dossier = new DossierPage(page);
  await dossier.goto(code);
  await expect(AnswersView.onDossier(page).value(AREA)).toHaveText('12.000');
  await expectNoAxeViolations(page, 'dossier with an area');

  // In English, as an English reader writes twelve thousand.
  await dossier.languageSwitch.click();
  const english = new AnswersView(page.getByRole('main').getByRole('region', { name: 'What was submitted' }));
  await expect(english.value('Area (m²)')).toHaveText('12,000');
  await expectNoAxeViolations(page, 'dossier with an area, in English');
});
