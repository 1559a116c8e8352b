import { expect, type APIRequestContext } from '@playwright/test';

import { PDF, officerPassword, signIn } from './fixtures/lifecycle';
import { submitDossiers } from './fixtures/queue';
import {
  StatisticsPage,
  countText,
  expectedMonths,
  indexAnswer,
  monthText,
  statsAnswer,
  type StatsReport,
} from './fixtures/statistics';
import { expectNoAxeViolations, test } from './fixtures/test';
import type { Lang } from './fixtures/text';

// Exchanging a driving licence: received at the service centre, handled by the provincial police.
const PROCEDURE = '1.012811';

/** Takes an action on a dossier at the version it has now, as the officer of `request`. */
async function act(request: APIRequestContext, code: string, action: Record<string, unknown>): Promise<void> {
  const view = await request.get(`/api/v1/dossiers/${encodeURIComponent(code)}`);
  expect(view.status(), `GET /dossiers/${code}`).toBe(200);
  const { version } = await view.json();
  const response = await request.post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions`, {
    data: { version, ...action },
  });
  expect(response.status(), `${action.action} ${code}: ${await response.text()}`).toBe(200);
}

/** Every chart's table says what its drawing says, and both what the API says. */
async function expectChartsAgree(stats: StatisticsPage, report: StatsReport, lang: Lang): Promise<void> {
  const t = stats.text;
  const want = expectedMonths(report, lang);
  expect(await stats.chartSays(t.receivedChart)).toEqual(want.received);
  expect(await stats.tableSays(t.receivedChart, [t.online, t.inPerson])).toEqual(want.received);
  expect(await stats.chartSays(t.resolvedChart)).toEqual(want.resolved);
  expect(await stats.tableSays(t.resolvedChart, [t.early, t.onTime, t.late])).toEqual(want.resolved);
  // Satisfaction: one bar per criterion, overall first, each average the same in the table.
  const drawn = await stats.chartSays(t.satisfactionChart);
  expect(Object.keys(drawn)).toHaveLength(report.totals.satisfaction.length);
  const series = Object.keys(drawn)[0].split('|')[1];
  expect(await stats.tableSays(t.satisfactionChart, [series])).toEqual(drawn);
  const overall = report.totals.satisfaction[0].distribution;
  const n = overall.reduce((a, b) => a + b, 0);
  const average = overall.reduce((a, c, i) => a + c * (i + 1), 0) / n;
  const first = Object.values(drawn)[0];
  expect(first).toBe(lang === 'vi' ? average.toFixed(1).replace('.', ',') : average.toFixed(1));
}

test('the statistics show the API’s figures in charts and tables that agree, with the CSV, down to an agency and a procedure, and the 766 index, in Vietnamese and English', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the phone journey (360×740)');
  test.setTimeout(240_000);

  // Figures to show: three dossiers filed online, one of them taken through to its result and rated.
  const codes = await submitDossiers(page, request, PROCEDURE, 3);
  const centre = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const hcc = await centre.newPage();
  await signIn(hcc, 'canbo.hcc', officerPassword('canbo.hcc'), '/can-bo');
  const police = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const ca = await police.newPage();
  await signIn(ca, 'canbo.ca', officerPassword('canbo.ca'), '/can-bo');
  const done = codes[0];
  await act(hcc.request, done, { action: 'receive', note: 'Đủ' });
  await act(hcc.request, done, { action: 'forward' });
  const upload = await ca.request.post(`/api/v1/uploads?name=${encodeURIComponent('kết quả.pdf')}`, {
    headers: { 'content-type': 'application/pdf' },
    data: PDF,
  });
  expect(upload.status()).toBe(201);
  await act(ca.request, done, { action: 'result_ready', files: [(await upload.json()).id] });
  // The fee, where there is one, is paid at the desk before the result is handed over.
  await hcc.request.post(`/api/v1/dossiers/${encodeURIComponent(done)}/fees`, { data: { decision: 'paid_at_desk' } });
  await act(hcc.request, done, { action: 'return' });
  const rated = await page.request.put(`/api/v1/dossiers/${encodeURIComponent(done)}/rating`, {
    data: { overall: 4, criteria: { 'thai-do': 5 }, comment: '' },
  });
  expect(rated.status(), await rated.text()).toBe(200);
  await act(hcc.request, codes[1], { action: 'receive' });
  await act(hcc.request, codes[1], { action: 'request_supplement', note: 'Thiếu', items: ['Ảnh chân dung'] });
  await centre.close();
  await police.close();

  // The province over the last twelve months, by default.
  const stats = new StatisticsPage(page);
  await stats.goto();
  const t = stats.text;
  await expect(stats.heading).toHaveText('Toàn tỉnh');
  const { from, to } = await stats.period();
  expect(from).toMatch(/^\d{4}-\d{2}$/);
  let report = await statsAnswer(request, 'province', from, to);
  expect(report.months).toHaveLength(12);
  expect(report.totals.received).toBeGreaterThanOrEqual(3);
  expect(report.totals.resolved_early + report.totals.resolved_on_time + report.totals.resolved_late).toBeGreaterThanOrEqual(1);
  // Other journeys running beside this one may add dossiers: the page and the API are read together.
  await expect(async () => {
    await stats.goto();
    report = await statsAnswer(request, 'province', from, to);
    await expect(stats.figure(t.received)).toHaveText(countText(report.totals.received, 'vi'), { timeout: 5_000 });
    await expectChartsAgree(stats, report, 'vi');
  }).toPass({ timeout: 30_000 });
  await expect(stats.drawing(t.receivedChart)).toBeVisible();
  await expectNoAxeViolations(page, 'statistics, province');

  // Nothing is wider than the phone: the tables scroll inside their own region.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The CSV: the same figures, a row a month and the total.
  await expect(async () => {
    const csv = await stats.downloadCsv();
    report = await statsAnswer(request, 'province', from, to);
    expect(csv.name).toBe(`thong-ke-province-${from}-${to}.csv`);
    expect(csv.rows[0].slice(0, 3)).toEqual(['Tháng / Month', 'Tiếp nhận / Received', 'Trực tuyến / Online']);
    const total = csv.rows.find((r) => r[0] === 'Tổng / Total')!;
    const thisMonth = report.months.find((m) => m.month === to)!;
    expect(csv.rows.find((r) => r[0] === to)!.slice(1, 3).map(Number)).toEqual([thisMonth.figures.received, thisMonth.figures.online]);
    expect(Number(total[1])).toBe(report.totals.received);
  }).toPass({ timeout: 30_000 });

  // Down to the agency that received the most, then to one of its procedures.
  const agencies = report.parts.filter((p) => p.scope.startsWith('agency:')).sort((a, b) => b.figures.received - a.figures.received);
  expect(agencies.length).toBeGreaterThan(0);
  const agency = agencies[0];
  await stats.table(t.agencies).getByRole('link', { name: agency.name.vi, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`scope=${encodeURIComponent(agency.scope)}`));
  await expect(stats.heading).toHaveText(agency.name.vi);
  let agencyReport = await statsAnswer(request, agency.scope, from, to);
  await expect(async () => {
    await stats.goto(`scope=${encodeURIComponent(agency.scope)}&from=${from}&to=${to}`);
    agencyReport = await statsAnswer(request, agency.scope, from, to);
    await expect(stats.figure(t.received)).toHaveText(countText(agencyReport.totals.received, 'vi'), { timeout: 5_000 });
    await expectChartsAgree(stats, agencyReport, 'vi');
  }).toPass({ timeout: 30_000 });
  await expect(stats.main.getByRole('heading', { name: t.pullsDown })).toBeVisible();
  await expect(stats.main.getByRole('navigation', { name: 'Đường dẫn' }).getByRole('link', { name: t.province })).toBeVisible();
  await expectNoAxeViolations(page, 'statistics, agency');

  const procedure = agencyReport.parts.find((p) => p.scope.startsWith('procedure:') && p.figures.received > 0)!;
  expect(procedure, 'a procedure of the agency with dossiers').toBeDefined();
  await stats.table(t.procedures).getByRole('link', { name: procedure.name.vi, exact: true }).click();
  await expect(stats.heading).toHaveText(procedure.name.vi);
  await expect(async () => {
    await stats.goto(`scope=${encodeURIComponent(procedure.scope)}&from=${from}&to=${to}`);
    const procedureReport = await statsAnswer(request, procedure.scope, from, to);
    await expect(stats.figure(t.received)).toHaveText(countText(procedureReport.totals.received, 'vi'), { timeout: 5_000 });
    await expectChartsAgree(stats, procedureReport, 'vi');
  }).toPass({ timeout: 30_000 });
  await expectNoAxeViolations(page, 'statistics, procedure');
  // The breadcrumb leads back up to the province.
  await stats.main.getByRole('navigation', { name: 'Đường dẫn' }).getByRole('link', { name: t.province }).click();
  await expect(stats.heading).toHaveText('Toàn tỉnh');

  // The province's fields are listed too: the busiest one's page has its figures.
  const fields = report.parts.filter((p) => p.scope.startsWith('field:')).sort((a, b) => b.figures.received - a.figures.received);
  expect(fields.length).toBeGreaterThan(0);
  await stats.table(t.fields).getByRole('link', { name: fields[0].name.vi, exact: true }).click();
  await expect(stats.heading).toHaveText(fields[0].name.vi);
  await expect(async () => {
    await stats.goto(`scope=${encodeURIComponent(fields[0].scope)}&from=${from}&to=${to}`);
    const fieldReport = await statsAnswer(request, fields[0].scope, from, to);
    await expect(stats.figure(t.received)).toHaveText(countText(fieldReport.totals.received, 'vi'), { timeout: 5_000 });
    await expectChartsAgree(stats, fieldReport, 'vi');
  }).toPass({ timeout: 30_000 });
  await expectNoAxeViolations(page, 'statistics, field');
  await stats.main.getByRole('navigation', { name: 'Đường dẫn' }).getByRole('link', { name: t.province }).click();
  await expect(stats.heading).toHaveText('Toàn tỉnh');

  // The Decision 766 index: every group with how each figure is computed, and the agencies ranked.
  await stats.main.getByRole('link', { name: t.index }).click();
  await expect(stats.heading).toHaveText(t.indexTitle);
  let index = await indexAnswer(request, from, to);
  for (const group of index.province.groups) {
    await expect(stats.main.getByRole('heading', { level: 3, name: new RegExp(`^${group.name.vi}: `) })).toBeVisible();
  }
  const figures = index.province.groups.flatMap((g) => g.figures);
  await expect(stats.main.getByText(t.how)).toHaveCount(figures.length);
  await expect(stats.main.getByText(figures[0].how.vi)).toBeVisible();
  const ranking = stats.table(t.ranking);
  // Other journeys may bring an agency its first dossier of the period: read the two together.
  await expect(async () => {
    await page.reload();
    index = await indexAnswer(request, from, to);
    await expect(ranking.locator('tbody tr')).toHaveCount(index.agencies.length, { timeout: 5_000 });
    await expect(ranking.locator('tbody tr').first().getByRole('link')).toHaveText(index.agencies[0].name.vi, { timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
  await expectNoAxeViolations(page, 'Decision 766 index');

  // In English, the same figures.
  await stats.languageSwitch.click();
  const en = new StatisticsPage(page, 'en');
  await expect(en.heading).toHaveText(en.text.indexTitle);
  await expect(async () => {
    index = await indexAnswer(request, from, to);
    await expect(en.table(en.text.ranking).locator('tbody tr')).toHaveCount(index.agencies.length, { timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
  await expect(en.main.getByText(en.text.how)).toHaveCount(figures.length);
  await expectNoAxeViolations(page, 'Decision 766 index in English');
  await expect(async () => {
    await en.goto(`scope=${encodeURIComponent(agency.scope)}&from=${from}&to=${to}`);
    const r = await statsAnswer(request, agency.scope, from, to);
    await expect(en.heading).toHaveText(agency.name.en || agency.name.vi, { timeout: 5_000 });
    await expect(en.figure(en.text.received)).toHaveText(countText(r.totals.received, 'en'), { timeout: 5_000 });
    await expectChartsAgree(en, r, 'en');
  }).toPass({ timeout: 30_000 });
  await expect(en.drawing(en.text.resolvedChart)).toBeVisible();
  await expect(en.main.getByRole('heading', { name: en.text.pullsDown })).toBeVisible();
  await expect(en.table(en.text.receivedChart).getByRole('rowheader', { name: monthText(to, 'en') })).toBeVisible();
  await expectNoAxeViolations(page, 'statistics, agency, in English');

  // A month that is not one is said beside its field, in either language.
  await en.goto(`from=${from.slice(0, 4)}-13&to=${to}`);
  await expect(en.from).toHaveAccessibleDescription(new RegExp(en.text.notAMonth.replace(/[.]/g, '\\.')));
  await expect(en.from).toHaveAttribute('aria-invalid', 'true');
  await expect(en.main.getByRole('alert').getByRole('link', { name: en.text.notAMonth })).toBeVisible();
  await expectNoAxeViolations(page, 'statistics, a wrong month, in English');
  await en.languageSwitch.click();
  await expect(stats.from).toHaveAccessibleDescription(new RegExp(t.notAMonth.replace(/[.]/g, '\\.')));
});

test('the site footer leads to the statistics', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the phone journey (360×740)');
  const stats = new StatisticsPage(page);
  await page.goto('/');
  await stats.waitForApp();
  await page.getByRole('contentinfo').getByRole('link', { name: 'Thống kê kết quả giải quyết hồ sơ' }).click();
  await expect(stats.heading).toHaveText('Toàn tỉnh');
  await expect(stats.drawing(stats.text.receivedChart)).toBeVisible();
  await expectNoAxeViolations(page, 'statistics from the footer');
});
