import { DossierPage, registerCitizen, submitApplication } from './fixtures/lifecycle';
import { holdWebAssembly, shiftsSoFar, watchShifts } from './fixtures/shifts';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// Exchanging a driving licence: an online form, received at the provincial centre.
const PROCEDURE = '1.012811';

test('a dossier page comes with the dossier and its form: it asks for neither, a page reached later asks afresh, and Back from another bundle’s page comes back to it', async ({
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

  // The answers sent were this page's: another dossier's page, reached in the app, asks for its
  // own, and this one's, drawn again, asks afresh.
  await page.evaluate(() => {
    history.pushState(null, '', '/ho-so/000.00.25.H55-000101-0001');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(dossier.heading).toHaveText('Không tìm thấy hồ sơ');
  await page.goBack();
  await expect(dossier.status).toBeVisible();
  expect(asked.filter((p) => p === `/api/v1/dossiers/${code}`)).toEqual([`/api/v1/dossiers/${code}`]);

  // My dossiers is another bundle's page, loaded in full from its link: Back from it comes straight
  // back to the page the link was on.
  await page.evaluate(() => {
    history.pushState(null, '', '/ho-so/000.00.25.H55-000101-0001');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await dossier.main.getByRole('link', { name: 'Xem hồ sơ của tôi' }).click();
  await expect(dossier.heading).toHaveText('Hồ sơ của tôi');
  await expect(dossier.main.getByRole('listitem').filter({ hasText: code }).first()).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/ho-so\/000\.00\.25\.H55-000101-0001$/);
  await expect(dossier.heading).toHaveText('Không tìm thấy hồ sơ');
});

test('the dossier page is drawn by the server: its status reads without JavaScript, and the app takes it over without moving anything or losing what was typed', async ({
  page,
  request,
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'a phone at a counter');
  test.setTimeout(60_000);
  await registerCitizen(page, '046190003332', 'Lê Thị Hoa');
  const code = await submitApplication(page, request, PROCEDURE);
  const { procedure } = await (await request.get(`/api/v1/procedures/${PROCEDURE}`)).json();

  // The app held back: what shows is the server's page, and a reason typed into it is the app's too.
  await watchShifts(page);
  const { release } = await holdWebAssembly(page);
  const dossier = new DossierPage(page);
  await page.goto(`/ho-so/${code}`);
  await expect(page.locator('#shell')).toHaveCount(1);
  await expect(dossier.heading).toHaveText(procedure.name.vi);
  await expect(dossier.status).toContainText('Ngày nộp');
  await expect(page).toHaveTitle(`Hồ sơ ${code} – Một Cửa`);
  await expectNoAxeViolations(page, 'the dossier page as the server drew it');
  const reason = dossier.main.getByLabel('Lý do rút hồ sơ (không bắt buộc)');
  await reason.fill('Nộp nhầm thủ tục');
  await page.waitForTimeout(300);
  release();
  await expect(page.locator('#shell')).toHaveCount(0);
  await expect(reason).toHaveValue('Nộp nhầm thủ tục');
  await expect(reason).toBeFocused();
  // A frame or two for any shift to be reported.
  await page.waitForTimeout(500);
  const { shifts, shifted } = await shiftsSoFar(page);
  expect(shifted).toEqual([]);
  expect(shifts).toBe(0);
  await expect(dossier.heading).toHaveText(procedure.name.vi);
  await expectNoAxeViolations(page, 'the dossier page after the app took over');

  // In English, chosen in the app: the server draws the page in English too.
  await dossier.languageSwitch.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // The same account on a phone with JavaScript off: the dossier, its status and its steps, in the
  // language last chosen, nothing wider than the phone.
  const noScript = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    storageState: await page.context().storageState(),
  });
  const bare = await noScript.newPage();
  await bare.goto(`/ho-so/${code}`);
  const main = bare.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(procedure.name.en || procedure.name.vi);
  await expect(main.locator('#dossier-status')).toContainText('Submitted');
  await expect(main.getByRole('region', { name: 'Steps' })).toBeVisible();
  await expect(bare.locator('html')).toHaveAttribute('lang', 'en');
  expect(await bare.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await noScript.close();
});

test('reading a dossier fetches no app: it starts when the dossier changes and says so, or when the page is used', async ({
  page,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'a phone at a counter');
  await registerCitizen(page, '046190003334', 'Đỗ Văn Nam');
  const code = await submitApplication(page, request, PROCEDURE);
  const apps: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) apps.push(new URL(r.url()).pathname);
  });
  const dossier = new DossierPage(page);
  await page.goto(`/ho-so/${code}`);
  await expect(dossier.status).toContainText('Ngày nộp');
  // Long enough for an app started once the page had painted to have been fetched.
  await page.waitForTimeout(2000);
  expect(apps).toEqual([]);
  await expect(page.locator('#shell')).toHaveCount(1);
  // Its live region, empty, takes no room: the app's takes none either, so nothing moves when it comes.
  expect(await dossier.main.getByRole('status').first().evaluate((e) => e.getBoundingClientRect().height)).toBe(0);

  // Withdrawn from another device: the app starts, hears it changed since the page was drawn, and
  // says so.
  const path = `/api/v1/dossiers/${encodeURIComponent(code)}`;
  const { version } = await (await page.request.get(path)).json();
  const acted = await page.request.post(`${path}/actions`, { data: { version, action: 'withdraw', note: 'Nộp nhầm' } });
  expect(acted.status()).toBe(200);
  await expect(page.locator('#shell')).toHaveCount(0);
  await expect(dossier.live).toContainText('Hồ sơ vừa được cập nhật. Trạng thái: Đã rút hồ sơ.');
  await dossier.expectStatus('Đã rút hồ sơ');
  expect(apps).toHaveLength(1);
  expect(apps[0]).toMatch(/^\/dossier\//);

  // Drawn again, then used: a tap on its language switch starts the app and is tapped again there;
  // until then the switch says it heard the tap.
  apps.length = 0;
  const held = await holdWebAssembly(page);
  await page.reload();
  await expect(page.locator('#shell')).toHaveCount(1);
  await dossier.languageSwitch.click();
  await expect(dossier.languageSwitch).toHaveAttribute('aria-busy', 'true');
  expect(await dossier.languageSwitch.evaluate((e) => getComputedStyle(e, '::after').content)).toBe('"…"');
  held.release();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(dossier.heading).not.toHaveText('');
  await expect(dossier.main.locator('#dossier-status')).toContainText('Withdrawn');
  expect(apps).toHaveLength(1);

  // Pressed as long as a slow finger does, with nothing holding the app back: the press alone does not
  // start it, so it cannot take the page over between the press and the release and lose the tap.
  await page.reload();
  await expect(page.locator('#shell')).toHaveCount(1);
  await page.getByRole('banner').getByRole('button', { name: 'Tiếng Việt' }).click({ delay: 1500 });
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(dossier.main.locator('#dossier-status')).toContainText('Đã rút hồ sơ');
});
