import { DetailPage } from './fixtures/detail';
import { HomePage } from './fixtures/home';
import { ResultsPage } from './fixtures/results';
import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { holdWebAssembly, shiftsSoFar, watchShifts } from './fixtures/shifts';
import { UI } from './fixtures/text';

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('a phone can search, open a procedure, page through results and read it in English', async ({
    page,
    catalogue,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'a phone journey');
    const home = new HomePage(page);
    await page.goto('/');
    await expect(home.heading).toHaveText(UI.vi.homeHeading);
    await expect(home.fieldLinks.first()).toBeVisible();
    await home.searchBox.input.fill('khai sinh');
    await home.searchBox.submit.click();

    const results = new ResultsPage(page);
    await expect(page).toHaveURL(/\/tim-kiem\?q=khai(\+|%20)sinh/);
    const found = await catalogue.search({ q: 'khai sinh' });
    await expect(results.links).toHaveCount(found.items.length);
    await expect(results.links.first()).toHaveText(found.items[0].name.vi);
    const code = found.items[0].code as string;
    await results.links.first().click();

    const detail = new DetailPage(page);
    await expect(page).toHaveURL(`/thu-tuc/${code}`);
    const d = await catalogue.procedure(code);
    await detail.expectHeading(d.procedure.name.vi);
    await expect(detail.documentItems).toHaveCount(d.procedure.documents.length);
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The language switch is a link to the same page in English.
    await detail.languageSwitch.click();
    await expect(page).toHaveURL(`/en/thu-tuc/${code}`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await new DetailPage(page, 'en').expectHeading(d.procedure.name.en || d.procedure.name.vi);

    // A field's procedures, and their second page, from the home page's links.
    await page.goto('/');
    await home.fieldLinks.first().click();
    await expect(results.links.first()).toBeVisible();
    if (await results.pagination.count()) {
      await results.pagination.getByRole('link', { name: /2/ }).first().click();
      await expect(page).toHaveURL(/page=2/);
      await expect(results.links.first()).toBeVisible();
    }
  });
});

test('the app takes over each catalogue page without moving anything', async ({ page, catalogue }) => {
  await watchShifts(page);
  const found = await catalogue.search({ q: 'giấy phép xây dựng' });
  const code = found.items[0].code as string;
  for (const address of ['/', '/tim-kiem?q=gi%E1%BA%A5y%20ph%C3%A9p%20x%C3%A2y%20d%E1%BB%B1ng', `/thu-tuc/${code}`, `/en/thu-tuc/${code}`]) {
    // The WebAssembly held until the server's page has surely painted.
    const { release } = await holdWebAssembly(page);
    await page.goto(address);
    const heading = await page.getByRole('heading', { level: 1 }).innerText();
    await page.waitForTimeout(300);
    release();
    const app = new HomePage(page, address.startsWith('/en') ? 'en' : 'vi');
    await app.waitForApp();
    // A frame or two for any shift to be reported.
    await page.waitForTimeout(500);
    const { shifts, shifted } = await shiftsSoFar(page);
    expect(shifted, address).toEqual([]);
    expect(shifts, address).toBe(0);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expectNoAxeViolations(page, `${address} after the app took over`);
  }
});

test('the app is fetched only when a form field is first used, and never for a page without one', async ({
  page,
  catalogue,
}) => {
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (/\.(wasm|js)$/.test(new URL(r.url()).pathname)) fetched.push(new URL(r.url()).pathname);
  });
  const found = await catalogue.search({ q: 'khai sinh' });
  const home = new HomePage(page);
  await page.goto('/', { waitUntil: 'load' });
  await page.waitForTimeout(500);
  expect(fetched, 'nothing but the page and its style before anyone uses it').toEqual([]);
  // Reading and following links needs nothing more.
  await page.goto(`/thu-tuc/${found.items[0].code}`, { waitUntil: 'load' });
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.waitForTimeout(500);
  expect(fetched).toEqual([]);
  // Tabbing to the search box fetches the app, which takes over with the focus where it was.
  await page.goto('/', { waitUntil: 'load' });
  // By the box's id: the app may take over, putting its own box in place, between two presses.
  for (let i = 0; i < 20 && !(await page.evaluate(() => document.activeElement?.id === 'q')); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(page.locator('#shell')).toHaveCount(0);
  expect(fetched.some((p) => p.endsWith('.wasm'))).toBe(true);
  await expect(home.searchBox.input).toBeFocused();
  await page.keyboard.type('ho chieu');
  await expect(home.searchBox.options.first()).toBeVisible();
});
