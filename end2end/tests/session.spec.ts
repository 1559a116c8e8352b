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

test('someone else signing in where a session ended does not see the last person’s typing', async ({
  page,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one journey on the phone');
  test.setTimeout(120_000);
  const other = { id: '048190007777', password: 'một mật khẩu khác hẳn' };
  const registered = await request.post('/api/v1/auth/register', {
    data: {
      kind: 'citizen',
      full_name: 'Lưu Thị Hoa',
      citizen_id: other.id,
      date_of_birth: '1990-05-01',
      phone: '0912 777 777',
      email: 'hoa@example.vn',
      address: 'Thái Nguyên',
      password: other.password,
    },
  });
  expect(registered.status()).toBe(201);

  await page.clock.install();
  await registerCitizen(page, '048190008888', 'Đinh Văn Nam');
  const { form } = await procedureToApply(request, PROCEDURE);
  const section = form.sections[0];
  const field = section.fields.find((f) => f.kind === 'text' && !f.rules?.pattern)!;
  const application = new ApplicationPage(page, PROCEDURE);
  await application.goto();
  const input = page.locator(`#f-${section.id}-${field.id}`);
  await input.fill(TYPED);

  // The first person walks away; the session ends; the next person signs in at the prompt.
  const session = new SessionDialog(page);
  await session.idleUntilEnded();
  await session.signInAgain.click();
  const pages = new AccountPages(page);
  await pages.field(/Số định danh cá nhân \(CCCD\) hoặc mã số thuế/).fill(other.id);
  await pages.field('Mật khẩu').fill(other.password);
  await pages.submit.click();
  await expect(page).toHaveURL(new RegExp(`/nop-ho-so/${PROCEDURE.replace('.', '\\.')}$`));
  // Their own form: nothing of the last person's, what their profile fills in already there.
  await expect(input).not.toHaveValue(TYPED);
  await expect(input).toHaveValue(field.prefill ? 'Lưu Thị Hoa' : '');
  await expectNoAxeViolations(page, 'the next person’s form');
});
