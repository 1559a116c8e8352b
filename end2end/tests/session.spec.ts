import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { AccountPages } from './fixtures/account';
import { ApplicationPage, procedureToApply } from './fixtures/application';
import { registerCitizen } from './fixtures/lifecycle';
import { SessionDialog } from './fixtures/session';

const PROCEDURE = '1.001193';
const CITIZEN = '048190006666';
const PASSWORD = 'một câu mật khẩu dài';
const TYPED = 'Nội dung đang nhập dở';

test('an idle session is announced before it ends, and what was typed survives going on and signing in again', async ({
  page,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one journey on the phone');
  test.setTimeout(120_000);
  await page.clock.install();
  await registerCitizen(page, CITIZEN, 'Trịnh Văn Hải');

  // Half-fill the application's first page.
  const { form } = await procedureToApply(request, PROCEDURE);
  const section = form.sections[0];
  const field = section.fields.find((f) => f.kind === 'text' && !f.rules?.pattern)!;
  const application = new ApplicationPage(page, PROCEDURE);
  await application.goto();
  const input = page.locator(`#f-${section.id}-${field.id}`);
  await input.fill(TYPED);

  // Two minutes before the idle end: a warning that takes the focus and passes axe.
  const session = new SessionDialog(page);
  await session.idleUntilWarning();
  await expect(session.goOn).toBeFocused();
  await expectNoAxeViolations(page, 'session warning');

  // Going on renews the session and gives the focus back to the field, text and all.
  await session.goOn.click();
  await expect(session.warning).toBeHidden();
  await expect(input).toHaveValue(TYPED);
  await expect(input).toBeFocused();

  // Left alone past the end: a prompt to sign in again, the page untouched underneath.
  await session.idleUntilEnded();
  await expect(session.signInAgain).toBeFocused();
  await expectNoAxeViolations(page, 'session ended');
  await expect(input).toHaveValue(TYPED);

  // Signing in again comes back to the form with the text.
  await session.signInAgain.click();
  const pages = new AccountPages(page);
  await expect(pages.heading).toHaveText('Đăng nhập');
  await expect(session.ended).toBeHidden();
  await pages.field(/Số định danh cá nhân \(CCCD\) hoặc mã số thuế/).fill(CITIZEN);
  await pages.field('Mật khẩu').fill(PASSWORD);
  await pages.submit.click();
  await expect(page).toHaveURL(new RegExp(`/nop-ho-so/${PROCEDURE.replace('.', '\\.')}$`));
  await expect(input).toHaveValue(TYPED);
});
