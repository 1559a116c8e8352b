import { APPLY_UI, ApplicationPage } from './fixtures/application';
import { registerCitizen } from './fixtures/lifecycle';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// The investment registration certificate for projects that need no policy approval (1.009646) is
// for foreign investors: a domestic investor who says so is told why, and sent to the procedure for
// investment policy approval (1.009645), which takes domestic and foreign investors alike.
const PROCEDURE = '1.009646';
const INSTEAD = '1.009645';

const SAID = {
  vi: {
    question: 'Nhà đầu tư thuộc diện nào?',
    domestic: 'Nhà đầu tư trong nước (doanh nghiệp, cá nhân Việt Nam)',
    foreign: 'Nhà đầu tư nước ngoài',
    why: /Thủ tục này chỉ dành cho nhà đầu tư nước ngoài.*Hãy dùng thủ tục 1\.009645\./,
    link: `Xem thủ tục ${INSTEAD}`,
  },
  en: {
    question: 'Which kind of investor are you?',
    domestic: 'A domestic investor (a Vietnamese company or person)',
    foreign: 'A foreign investor',
    why: /This procedure is only for foreign investors.*Use procedure 1\.009645 instead\./,
    link: `See procedure ${INSTEAD}`,
  },
} as const;

test('a domestic investor is told the procedure is for foreign investors, and which one to use', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the form is filled on a phone (360×740)');
  test.setTimeout(90_000);

  await registerCitizen(page, '040190005656', 'Phan Văn Đức');
  const app = new ApplicationPage(page, PROCEDURE);
  await app.goto();

  for (const lang of ['vi', 'en'] as const) {
    const t = SAID[lang];
    if (lang === 'en') {
      await app.languageSwitch.click();
      await expect(app.main.getByRole('button', { name: APPLY_UI.en.next })).toBeVisible();
    }
    const question = app.main.getByRole('group', { name: t.question });
    await question.getByLabel(t.domestic, { exact: true }).check();
    await app.main.getByRole('button', { name: APPLY_UI[lang].next }).click();

    const summary = page.getByRole('alert').filter({ hasText: APPLY_UI[lang].problem });
    await expect(summary.getByRole('link', { name: t.why })).toBeVisible();
    // Beside the question: the reason and a link to the procedure to use instead.
    await expect(question).toContainText(t.why);
    const link = question.getByRole('link', { name: t.link });
    // In the reader's language: the English page has its own address.
    await expect(link).toHaveAttribute('href', `${lang === 'en' ? '/en' : ''}/thu-tuc/${INSTEAD}`);
    await expectNoAxeViolations(page, `a domestic investor refused (${lang})`);

    // A foreign investor is not refused.
    await question.getByLabel(t.foreign, { exact: true }).check();
    await app.main.getByRole('button', { name: APPLY_UI[lang].next }).click();
    await expect(summary.getByRole('link', { name: t.why })).toHaveCount(0);
    await expect(question.getByRole('link', { name: t.link })).toHaveCount(0);
    await question.getByLabel(t.domestic, { exact: true }).check();
  }

  // The link leads to the other procedure.
  await app.main.getByRole('button', { name: APPLY_UI.en.next }).click();
  await app.main.getByRole('group', { name: SAID.en.question }).getByRole('link', { name: SAID.en.link }).click();
  await expect(page).toHaveURL(new RegExp(`/thu-tuc/${INSTEAD.replace('.', '\\.')}$`));
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText("Investment policy approval by the Provincial People's Committee");
});
