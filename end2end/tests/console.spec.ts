import { type ConsoleMessage, type Page, type Request } from '@playwright/test';

import { registerCitizen } from './fixtures/lifecycle';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// A page asks only what it can be answered: a signed-out visit to a signed-in page goes to sign in
// without a refused request (which the browser reports as an error in the console), and applying for
// a procedure that has no online form says so without asking for the form.

/** Collects the console's errors (a failed request is one) while `visit` runs. */
async function consoleErrors(page: Page, visit: () => Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  const listen = (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  };
  page.on('console', listen);
  page.on('pageerror', (e) => errors.push(e.message));
  await visit();
  // Whatever the page asks after it is drawn has time to come back.
  await page.waitForLoadState('networkidle');
  page.off('console', listen);
  return errors;
}

test.describe('signed out, the console stays clean', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'one viewport is enough for the console');
  });

  for (const [what, path] of [
    ['applying for a procedure with a form', '/nop-ho-so/2.000488'],
    ['my dossiers', '/ho-so'],
    ['my account', '/tai-khoan'],
    ['notifications', '/thong-bao'],
  ]) {
    test(`${what} (${path}) leads to sign in with no error in the console`, async ({ page }) => {
      const errors = await consoleErrors(page, async () => {
        await page.goto(path);
        await expect(page).toHaveURL(new RegExp(`/dang-nhap\\?tiep=${encodeURIComponent(path).replace(/\./g, '\\.')}$`));
        await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Đăng nhập');
      });
      expect(errors).toEqual([]);
      await expectNoAxeViolations(page, `sign in, from ${path}`);
    });
  }

  // The server sends these to sign in itself: their bundles (the form's is the largest) are not
  // fetched only for their app to be refused the account and leave.
  test('a form or a dossier, signed out, goes to sign in fetching only the sign-in app', async ({ page }) => {
    for (const path of [
      '/nop-ho-so/2.000488',
      '/ho-so/000.00.00.H55-250527-0001',
      '/can-bo/ho-so/000.00.00.H55-250527-0001',
    ]) {
      const apps: string[] = [];
      const listen = (r: Request) => {
        if (r.url().endsWith('.wasm')) apps.push(new URL(r.url()).pathname);
      };
      page.on('request', listen);
      await page.goto(path);
      await expect(page).toHaveURL(new RegExp(`/dang-nhap\\?tiep=${encodeURIComponent(path).replace(/\./g, '\\.')}$`));
      await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Đăng nhập');
      page.off('request', listen);
      expect(apps, path).toHaveLength(1);
      expect(apps[0], path).toMatch(/^\/sign-in\//);
    }
  });

  test('applying for a procedure without a form says so at once, with no error in the console', async ({ page }) => {
    // Certifying a will is done in person only: it is not offered online, so it has no form.
    const path = '/nop-ho-so/2.001016';
    const errors = await consoleErrors(page, async () => {
      await page.goto(path);
      await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Không nộp trực tuyến được thủ tục này');
    });
    expect(errors).toEqual([]);
    await expect(page).toHaveURL(new RegExp(`${path.replace(/\./g, '\\.')}$`));
    await expectNoAxeViolations(page, 'a procedure without a form');

    // Signed in, the same: the form is not asked for.
    await registerCitizen(page, '040190004545', 'Vũ Thị Lan');
    const signedIn = await consoleErrors(page, async () => {
      await page.goto(path);
      await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Không nộp trực tuyến được thủ tục này');
    });
    expect(signedIn).toEqual([]);
  });
});
