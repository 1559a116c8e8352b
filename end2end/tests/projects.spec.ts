import { procedureToApply, type Field } from './fixtures/application';
import { CompanyPage, randomTaxCode, registerBusiness } from './fixtures/company';
import { documentsToCheck } from './fixtures/lifecycle';
import { fillUnanswered, journey, NewProjectPage, Officers, processToResult, ProjectPage, ProjectsPage, verifiedCompany } from './fixtures/project';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

// A foreign investor's project that needs no policy approval: the investment registration
// certificate first (`irc`), then the company registration (`doanh-nghiep`), which quotes it.
const KIND = 'nha-dau-tu-nuoc-ngoai';

test('a company files the first two steps of its project, officers at two agencies process them, the project page follows by itself; a viewer reads, a stranger finds nothing', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.setTimeout(600_000);
  const size = { viewport: testInfo.project.use.viewport };
  const tax = randomTaxCode();
  const companyName = `Công ty TNHH Linh kiện Thử nghiệm ${tax}`;
  const projectName = `Nhà máy linh kiện điện tử ${tax}`;
  const kind = journey(KIND);
  const [irc, registration] = ['irc', 'doanh-nghiep'].map((id) => kind.steps.find((s) => s.id === id)!);
  const ircForm = await procedureToApply(request, irc.procedure);
  const registrationForm = await procedureToApply(request, registration.procedure);
  const ircName: string = ircForm.detail.procedure.name.vi;
  const registrationName: string = registrationForm.detail.procedure.name.vi;
  // A certificate's number is ten digits; this one is the run's own.
  const ircNumber = `2${tax.slice(1)}`;
  const officers = new Officers(browser, size);

  // The administrator registers the company and has it verified by the registrar.
  const company = await verifiedCompany(page, officers, tax, companyName);
  await company.inviteMember(`${tax}-002`, 'Chỉ xem');

  // It creates the project, whose page stays open in its own tab from then on.
  const create = new NewProjectPage(page);
  await create.goto();
  await expectNoAxeViolations(page, 'new project');
  const id = await create.create({
    kind: kind.name.vi,
    name: projectName,
    capital: '50.000.000.000',
    area: '12.000',
    description: 'Sản xuất linh kiện điện tử cho ô tô, công suất 2 triệu sản phẩm mỗi năm.',
  });
  const project = new ProjectPage(page);
  await expect(project.heading).toHaveText(projectName);
  await project.expectState(ircName, 'Có thể nộp ngay');
  await project.expectState(registrationName, 'Chờ bước trước');
  await expect(project.finish).toBeVisible();
  const finishBefore = (await project.finish.textContent())!;
  await expectNoAxeViolations(page, 'project, created');

  // The first step is filed from the project's link, in another tab.
  const work = await page.context().newPage();
  const ircLink = project.fileLink(ircName);
  await expect(ircLink).toHaveAttribute('href', `/nop-ho-so/${irc.procedure}?du-an=${encodeURIComponent(id)}&buoc=irc`);
  const ircHref = (await ircLink.getAttribute('href'))!;
  await work.goto(ircHref);
  const main = work.getByRole('main');
  const filedFor = main.getByText(/^Nộp cho dự án /);
  await expect(filedFor).toContainText(`Nộp cho dự án ${projectName}, bước “${ircName}”`);
  await expect(filedFor.getByRole('link', { name: projectName })).toHaveAttribute('href', `/du-an/${encodeURIComponent(id)}`);
  await expectNoAxeViolations(work, 'application for a project step');
  // What the project says is there already: its name wherever the journey fills it.
  const named = Object.entries(irc.fill ?? {}).filter(([, from]) => from === 'project.name').map(([path]) => path);
  for (const section of ircForm.form.sections) {
    for (const path of named.filter((p) => p.startsWith(`${section.id}.`))) {
      await expect(work.locator(`#f-${path.replace(/\./g, '-')}`)).toHaveValue(projectName);
    }
    await fillUnanswered(work, section);
    await main.getByRole('button', { name: 'Tiếp tục' }).click();
  }
  await documentsToCheck(work, ircForm.detail);
  await main.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(work).toHaveURL(new RegExp(`/ho-so/[^/]+/bien-nhan\\?du-an=${encodeURIComponent(id)}$`));
  const ircCode = (await work.locator('.mc-panel__code').textContent())!.trim();
  await expect(main.getByRole('link', { name: 'Về trang dự án' })).toHaveAttribute('href', `/du-an/${encodeURIComponent(id)}`);
  await expectNoAxeViolations(work, 'receipt of a project step');

  // The project page, untouched, says the step is in progress.
  await project.expectState(ircName, 'Đang xử lý');
  await expect(project.fileLink(ircName)).toHaveCount(0);
  // Whoever opens the step's address again is told before typing anything.
  await work.goto(ircHref);
  await expect(main.getByText('Bước này của dự án đã có hồ sơ đang xử lý hoặc đã xong.')).toBeVisible();

  // The desk sees it is a step of a project on the critical path; the finance department gives the
  // result, with its number.
  await processToResult(officers, ircCode, irc.procedure, ircNumber, {
    queue: async (desk) => {
      const row = desk.getByRole('main').getByRole('table').getByRole('row').filter({ has: desk.getByRole('link', { name: ircCode }) });
      await expect(row).toContainText(`Dự án: ${projectName}`);
      await expect(row.getByText('Đường găng', { exact: true })).toBeVisible();
      await expectNoAxeViolations(desk, 'queue with a project step');
    },
    dossier: async (dossier) => {
      await expect(dossier.status.getByRole('link', { name: projectName })).toHaveAttribute('href', `/du-an/${encodeURIComponent(id)}`);
      await expectNoAxeViolations(dossier.page, 'officer dossier of a project step');
    },
    result: async (form, dossier) => {
      const number = form.getByRole('textbox', { name: /^Số văn bản kết quả/ });
      await number.fill('9'.repeat(61));
      await form.getByRole('button', { name: 'Đã có kết quả', exact: true }).click();
      await expect(number).toHaveAttribute('aria-invalid', 'true');
      await expectNoAxeViolations(dossier.page, 'result form, number too long');
    },
  });

  // Without a reload the project page shows the step done, the next one open, the forecast moved.
  await project.expectState(ircName, 'Đã xong');
  await project.expectState(registrationName, 'Có thể nộp ngay');
  await expect(project.step(ircName)).toContainText(`Kết quả số ${ircNumber}`);
  await expect(project.finish).not.toHaveText(finishBefore);
  await expect(project.live).toBeVisible();
  await expectNoAxeViolations(page, 'project, first step done');

  // The applicant's page of the dossier leads back to the project, and shows the result's number.
  await work.goto(`/ho-so/${ircCode}`);
  await expect(main.locator('#dossier-status').getByRole('link', { name: projectName })).toHaveAttribute('href', `/du-an/${encodeURIComponent(id)}`);
  await expect(main.getByRole('region', { name: 'Quá trình xử lý' })).toContainText(`Số văn bản kết quả: ${ircNumber}`);
  await expectNoAxeViolations(work, 'dossier of a project step');

  // The second step's form has the certificate's number in it already; the line says so in English too.
  await work.goto((await project.fileLink(registrationName).getAttribute('href'))!);
  await expect(filedFor).toContainText(`Nộp cho dự án ${projectName}, bước “${registrationName}”`);
  await work.getByRole('banner').getByRole('button', { name: 'English' }).click();
  await expect(main.getByText(/^Filed for project /)).toContainText(
    `Filed for project ${projectName}, step “${registrationForm.detail.procedure.name.en}”`,
  );
  await work.getByRole('banner').getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(filedFor).toBeVisible();
  const quoted = Object.entries(registration.fill ?? {}).find(([, from]) => from === 'step.irc.number')![0];
  let seen = false;
  for (const section of registrationForm.form.sections) {
    if (quoted.startsWith(`${section.id}.`)) {
      const field = section.fields.find((f) => `${section.id}.${f.id}` === quoted)!;
      const label = (field as Field & { label: { vi: string } }).label.vi;
      // An optional field's label says so after it.
      const name = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
      await expect(main.getByRole('textbox', { name })).toHaveValue(ircNumber);
      await expectNoAxeViolations(work, 'second step, the certificate quoted');
      seen = true;
    }
    await fillUnanswered(work, section);
    await main.getByRole('button', { name: 'Tiếp tục' }).click();
  }
  expect(seen).toBe(true);
  await documentsToCheck(work, registrationForm.detail);
  await main.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(work).toHaveURL(/\/bien-nhan\?du-an=/);
  const registrationCode = (await work.locator('.mc-panel__code').textContent())!.trim();
  await work.close();
  await project.expectState(registrationName, 'Đang xử lý');

  await processToResult(officers, registrationCode, registration.procedure, `0${tax.slice(1)}`);
  await officers.close();
  await project.expectState(registrationName, 'Đã xong');
  await expectNoAxeViolations(page, 'project, two steps done');

  // A member who may only view reads the project, with nothing to file.
  const viewerContext = await browser.newContext(size);
  const viewer = await viewerContext.newPage();
  await registerBusiness(viewer, `${tax}-002`, `${companyName} – Văn phòng đại diện`);
  const viewerCompany = new CompanyPage(viewer);
  await viewerCompany.goto();
  await viewerCompany.invitation(companyName).getByRole('button', { name: /^Nhận lời/ }).click();
  await expect(viewerCompany.joined.getByRole('listitem').filter({ hasText: companyName })).toContainText('Chỉ xem');
  const readOnly = new ProjectPage(viewer);
  await readOnly.goto(id);
  await expect(readOnly.heading).toHaveText(projectName);
  await readOnly.expectState(registrationName, 'Đã xong');
  await expect(readOnly.main.getByText('Anh/chị chỉ được xem dự án này.')).toBeVisible();
  await expect(readOnly.main.getByRole('link', { name: /^Nộp hồ sơ/ })).toHaveCount(0);
  await expectNoAxeViolations(viewer, 'project, viewer');
  // Nor may it file by the address: the step is not found for it.
  await viewer.goto(`/nop-ho-so/${irc.procedure}?du-an=${encodeURIComponent(id)}&buoc=irc`);
  await expect(readOnly.heading).toHaveText('Không tìm thấy bước này của dự án');
  await expectNoAxeViolations(viewer, 'project step, viewer');
  await viewerContext.close();

  // Anyone else is told there is no such project.
  const strangerContext = await browser.newContext(size);
  const stranger = await strangerContext.newPage();
  await registerBusiness(stranger, `${tax}-999`, 'Công ty Khác');
  const none = new ProjectPage(stranger);
  await none.goto(id);
  await expect(none.heading).toHaveText('Không tìm thấy dự án');
  await expect(none.main).not.toContainText(projectName);
  await expectNoAxeViolations(stranger, 'project, stranger');
  await strangerContext.close();
});

test('the dashboard lists twenty projects, and the next ones on asking, the focus on the first of them, in Vietnamese and English', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  const tax = randomTaxCode();
  const companyName = `Công ty TNHH Nhiều Dự Án ${tax}`;
  const officers = new Officers(browser, { viewport: testInfo.project.use.viewport });
  await verifiedCompany(page, officers, tax, companyName);
  await officers.close();

  // 21 projects: one more than a page.
  const places = await (await page.request.get('/api/v1/places')).json();
  const commune: string = places.provinces[0].communes[0].code;
  for (let n = 1; n <= 21; n++) {
    const created = await page.request.post('/api/v1/projects', {
      headers: { 'idempotency-key': `nhieu-du-an-${tax}-${n}` },
      data: { company: tax, kind: KIND, name: `Dự án số ${n} của ${tax}`, commune, capital: '1.000.000.000', area: '1000' },
    });
    expect(created.status(), `project ${n}`).toBe(201);
  }
  const first = await (await page.request.get('/api/v1/projects')).json();
  const second = await (await page.request.get(`/api/v1/projects?after=${encodeURIComponent(first.next)}`)).json();
  expect(second.items.length).toBe(1);
  const last: string = second.items[0].name;

  const projects = new ProjectsPage(page);
  await projects.goto();
  await expect(projects.titles).toHaveCount(20);
  await expect(projects.main.getByRole('link', { name: last, exact: true })).toHaveCount(0);
  await expect(projects.more('vi')).toBeVisible();
  await expectNoAxeViolations(page, 'projects, first page');

  // In English, from the keyboard: the next page comes below, the focus on its first project.
  await projects.languageSwitch.click();
  const more = projects.more('en');
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(projects.titles).toHaveCount(21);
  await expect(projects.main.getByRole('link', { name: last, exact: true })).toBeFocused();
  await expect(more).toHaveCount(0);
  await expectNoAxeViolations(page, 'projects, every page');
});
