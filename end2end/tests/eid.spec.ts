import { QuestionPage } from './fixtures/prefill';
import { EID_PEOPLE, EidSignInPage } from './fixtures/eid';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// Signing in with the national e-ID (the test provider, sims/eid.js, started beside the server by
// scripts/e2e-server.sh), then applying: the name, date of birth and ID number the e-ID vouched for
// are filled in and cannot be changed; the account says it is verified.
const DECLARATION = '1.004194';
const PERSON = { vi: EID_PEOPLE.binh, en: EID_PEOPLE.cuong } as const;
const LABELS = {
  vi: { section: 'Người kê khai', name: 'Họ, chữ đệm và tên', birth: 'Ngày, tháng, năm sinh', id: 'Số định danh cá nhân', phone: 'Số điện thoại' },
  en: { section: 'Declarant', name: 'Full name', birth: 'Date of birth', id: 'Personal identification number', phone: 'Phone number' },
} as const;

for (const lang of ['vi', 'en'] as const) {
  test(`the e-ID signs in and fills in the applicant's identity, locked (${lang})`, async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
    test.setTimeout(90_000);
    const person = PERSON[lang];
    const l = LABELS[lang];
    const signIn = new EidSignInPage(page, lang);
    await signIn.open(`/nop-ho-so/${DECLARATION}`);
    await expect(signIn.link).toBeVisible();
    await expectNoAxeViolations(page, 'sign-in with the e-ID offered');
    await signIn.link.click();

    // The provider's page: a tester picks who signs in.
    await expect(signIn.person(person.name)).toBeVisible();
    await expectNoAxeViolations(page, "the test e-ID provider's page");
    await signIn.person(person.name).click();

    // Back, signed in, on the application: the identity filled in and read-only, saying why.
    const app = new QuestionPage(page, DECLARATION, lang);
    await expect(app.heading).toHaveText(l.section);
    for (const [label, value] of [
      [l.name, person.name],
      [l.birth, person.birth],
      [l.id, person.id],
    ] as const) {
      await expect(app.box(label)).toHaveValue(value);
      await expect(app.box(label)).not.toBeEditable();
      await expect(app.box(label)).toHaveAccessibleDescription(new RegExp(`^${signIn.ui.locked.replace(/[().]/g, '\\$&')}`));
    }
    await expect(app.box(l.phone)).toBeEditable();
    await expectNoAxeViolations(page, 'application, identity locked');

    // The account says so.
    await page.goto('/tai-khoan');
    await expect(app.heading).toHaveText(signIn.ui.account);
    await expect(app.main.getByText(signIn.ui.verified)).toBeVisible();
    await expect(app.main.getByText(person.id)).toBeVisible();
    await expectNoAxeViolations(page, 'account, verified');
  });
}
