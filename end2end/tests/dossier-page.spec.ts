import { DossierPage, registerCitizen, submitApplication } from './fixtures/lifecycle';
import { expect, test } from './fixtures/test';

// Exchanging a driving licence: an online form, received at the provincial centre.
const PROCEDURE = '1.012811';

test('a dossier page comes with the dossier and its form: it asks for neither, and a page reached later asks afresh', async ({
  page,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'once is enough');
  await registerCitizen(page, '046190003331', 'Ngô Văn Tú');
  const code = await submitApplication(page, request, PROCEDURE);
  // Asked from the dossier's page: the page before may still be finishing its own requests.
  const asked: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.headers()['referer'] ?? 'http://x/').pathname.startsWith('/ho-so')) asked.push(new URL(r.url()).pathname);
  });
  const dossier = new DossierPage(page);
  await dossier.goto(code);
  const submitted = dossier.main.getByRole('region', { name: 'Thông tin đã nộp' });
  await expect(submitted.getByRole('term').first()).toBeVisible();
  expect(asked.filter((p) => p === `/api/v1/dossiers/${code}` || p.endsWith('/form'))).toEqual([]);

  // The answers sent were this page's: the list of dossiers, reached in the app, asks for its own.
  await page.evaluate(() => {
    history.pushState(null, '', '/ho-so');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  const listed = dossier.main.getByRole('listitem').filter({ hasText: code }).getByRole('link').first();
  await listed.click();
  await expect(dossier.status).toBeVisible();
  expect(asked.filter((p) => p === `/api/v1/dossiers/${code}`)).toEqual([`/api/v1/dossiers/${code}`]);
});
