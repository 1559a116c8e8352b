import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { DossierPage, officerPassword, registerCitizen, signIn, submitApplication } from './fixtures/lifecycle';

// Exchanging a driving licence: received at the provincial centre, where canbo.hcc works.
const PROCEDURE = '1.012811';

const SAID = {
  vi: { waiting: 'Chờ tiếp nhận', current: 'Đang xử lý', seen: 'Ai đã xem hồ sơ của tôi', once: '1 lần mở', steps: 'Các bước giải quyết' },
  en: { waiting: 'Waiting to be received', current: 'In progress', seen: 'Who has seen my dossier', once: 'Opened once', steps: 'Steps' },
} as const;

for (const lang of ['vi', 'en'] as const) {
  test(`a dossier nobody has received yet says so, and an officer's visit is one opening however often the page refreshes (${lang})`, async ({
    page,
    browser,
    request,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
    test.setTimeout(150_000);
    const said = SAID[lang];
    await registerCitizen(page, lang === 'vi' ? '046190001111' : '046190001112', 'Ngô Thị Hằng');
    const code = await submitApplication(page, request, PROCEDURE);
    const citizen = new DossierPage(page);
    await citizen.goto(code);
    if (lang === 'en') await citizen.languageSwitch.click();
    const main = page.getByRole('main');
    const steps = main.getByRole('region', { name: said.steps, exact: true }).getByRole('listitem');

    // Submitted, not received: the first step waits for the desk, and no step is being worked on.
    await expect(steps.first()).toContainText(said.waiting);
    await expect(steps.filter({ hasText: said.current })).toHaveCount(0);
    await expectNoAxeViolations(page, `a dossier waiting to be received (${lang})`);

    // The officer opens it, and the page is loaded again twice in the same visit.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const desk = await context.newPage();
    await signIn(desk, 'canbo.hcc', officerPassword('canbo.hcc'), '/can-bo');
    const officer = new DossierPage(desk);
    await officer.goto(code, true);
    for (let i = 0; i < 2; i++) {
      await desk.reload();
      await expect(officer.status).toBeVisible();
    }
    await context.close();

    // The owner sees one opening by the centre, not three.
    await page.reload();
    await expect(citizen.status).toBeVisible();
    const seen = main.getByRole('region', { name: said.seen, exact: true });
    await expect(seen.locator('.mc-access__item')).toHaveCount(1);
    await expect(seen).toContainText(said.once);
    await expectNoAxeViolations(page, `who has seen my dossier (${lang})`);
  });
}
