import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { officerPassword, signIn } from './fixtures/lifecycle';
import { QueueSearchPage, queueAnswer, submitDossiers } from './fixtures/queue';

// Exchanging a driving licence: received at the service centre, where canbo.hcc works.
const PROCEDURE = '1.012811';

test('an officer searches the queue by code, filters it and pages through it, in Vietnamese and English', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the phone journey (360×740)');
  test.setTimeout(180_000);
  const codes = await submitDossiers(page, request, PROCEDURE, 22);

  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const desk = await context.newPage();
  await signIn(desk, 'canbo.hcc', officerPassword('canbo.hcc'), '/can-bo');
  const queue = new QueueSearchPage(desk);
  // Other journeys may have left dossiers at the centre too: the API says how many there are.
  const all = await queueAnswer(desk.request);
  expect(all.matched).toBeGreaterThanOrEqual(22);
  expect(all.per_page).toBe(20);
  await queue.expectFoundAtLeast(22);
  await queue.expectPage(1, '');
  await expectNoAxeViolations(desk, 'queue, page 1');

  // Twenty a page: the next page has the rest, and the browser's back button returns.
  await queue.pagination.getByRole('link', { name: queue.text.next }).click();
  await expect(desk).toHaveURL(/\/can-bo\?page=2$/);
  await queue.expectPage(2, '');
  await expectNoAxeViolations(desk, 'queue, page 2');
  await desk.goBack();
  await queue.expectPage(1, '');

  // A whole code in small letters, sent from the keyboard: that one dossier.
  const code = codes[5];
  await queue.code.fill(code.toLowerCase());
  await queue.code.press('Enter');
  await expect(desk).toHaveURL(new RegExp(`\\?code=${encodeURIComponent(code.toLowerCase()).replace(/\./g, '\\.')}$`));
  await queue.expectFound(1);
  await expect(queue.rows).toHaveCount(1);
  await expect(queue.row(code)).toBeVisible();
  await expect(queue.pagination).toHaveCount(0);
  // The start of a code, as far as the month: every dossier of this month.
  const month = code.slice(0, -7);
  const ofMonth = `code=${encodeURIComponent(month)}`;
  const monthBefore = (await queueAnswer(desk.request, ofMonth)).matched;
  await queue.code.fill(month);
  await queue.search.click();
  await queue.expectFoundAsAsked(monthBefore, ofMonth);
  await expect(queue.rows).toHaveCount(20);
  await expect(queue.pagination).toBeVisible();

  // One dossier received: the status filter finds it, with the step filter too; reloading keeps all
  // three. Its code is part of the search because journeys beside this one receive dossiers at the same
  // centre: the count of every received dossier there is theirs as much as ours.
  const received = codes[7];
  const act = await desk.request.post(`/api/v1/dossiers/${encodeURIComponent(received)}/actions`, {
    data: { version: 1, action: 'receive', note: 'Hồ sơ đủ' },
  });
  expect(act.status()).toBe(200);
  await queue.code.fill(received);
  await queue.status.selectOption('received');
  await queue.step.selectOption('tiep-nhan');
  await queue.search.click();
  const receivedQuery = `code=${encodeURIComponent(received)}&step=tiep-nhan&status=received`;
  await expect(desk).toHaveURL((url) => url.search === `?${receivedQuery}`);
  await queue.expectFound(1);
  await expect(queue.row(received)).toBeVisible();
  await desk.reload();
  await queue.waitForApp();
  await expect(queue.code).toHaveValue(received);
  await expect(queue.status).toHaveValue('received');
  await expect(queue.step).toHaveValue('tiep-nhan');
  await queue.expectFound(1);
  await expectNoAxeViolations(desk, 'queue, filtered');
  // A dossier of the same batch not yet received is not found by the same filters.
  await queue.code.fill(codes[8]);
  await queue.search.click();
  await queue.expectFound(0);
  await expect(queue.empty).toBeVisible();

  // By deadline: nothing is overdue yet, so the empty state says so and leads back to everything.
  await queue.code.fill('');
  await queue.status.selectOption('');
  await queue.step.selectOption('');
  await queue.due.selectOption('overdue');
  await queue.search.click();
  await expect(desk).toHaveURL(/\/can-bo\?due=overdue$/);
  expect((await queueAnswer(desk.request, 'due=overdue')).matched).toBe(0);
  await expect(queue.empty).toBeVisible();
  await queue.expectFound(0);
  await expectNoAxeViolations(desk, 'queue, nothing found');
  const nearBefore = (await queueAnswer(desk.request, 'due=near_due')).matched;
  await queue.due.selectOption('near_due');
  await queue.search.click();
  await queue.expectFoundAsAsked(nearBefore, 'due=near_due');
  await expect(queue.row(codes[0])).toBeVisible();

  // The same in English, on a filtered page 2 reached by its address.
  await queue.languageSwitch.click();
  const en = new QueueSearchPage(desk, 'en');
  await expect(en.heading).toHaveText(en.text.title);
  const secondBefore = (await queueAnswer(desk.request, `${ofMonth}&page=2`)).matched;
  await en.goto(`${ofMonth}&page=2`);
  await en.expectFoundAsAsked(secondBefore, `${ofMonth}&page=2`);
  await expect(en.code).toHaveValue(month);
  await en.expectPage(2, ofMonth);
  await expect(en.pagination.getByRole('link', { name: en.text.previous })).toBeVisible();
  await expectNoAxeViolations(desk, 'queue in English, page 2');
  await en.code.fill('no-such-code');
  await en.code.press('Enter');
  await en.expectFound(0);
  await expect(en.empty).toBeVisible();
  await en.main.getByRole('link', { name: en.text.all }).click();
  await expect(desk).toHaveURL(/\/can-bo$/);
  await en.expectFoundAtLeast(22);
  await expect(en.rows).toHaveCount(20);
  await expect(en.code).toHaveValue('');
  await expectNoAxeViolations(desk, 'queue in English');
  await context.close();
});

test('at 1280 px a code and the dates each keep to one line', async ({ page, browser, request }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'sets its own desktop viewport');
  test.setTimeout(120_000);
  const [code] = await submitDossiers(page, request, PROCEDURE, 1);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const desk = await context.newPage();
  await signIn(desk, 'canbo.hcc', officerPassword('canbo.hcc'), '/can-bo');
  const queue = new QueueSearchPage(desk);
  // Found by its code, wherever its deadline puts it among the others.
  await queue.goto(`code=${encodeURIComponent(code)}`);
  await expect(queue.row(code)).toBeVisible();
  // How many lines an element's text takes: its text's height over the line height.
  const lines = (cell: import('@playwright/test').Locator) =>
    cell.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return Math.round(range.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
    });
  expect(await lines(queue.codeCell(code))).toBe(1);
  const cells = queue.row(code).getByRole('cell');
  expect(await lines(cells.last())).toBe(1);
  await expectNoAxeViolations(desk, 'queue at 1280 px');
  await context.close();
});
