import { AppPage } from './fixtures/app-page';
import { procedureToApply } from './fixtures/application';
import { randomTaxCode } from './fixtures/company';
import { journey, NewProjectPage, Officers, ProjectPage, verifiedCompany } from './fixtures/project';
import { expect, expectNoAxeViolations, test } from './fixtures/test';

test('a draft started for a step of a project says which step of which project under my drafts, in both languages', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.setTimeout(300_000);
  const tax = randomTaxCode();
  const companyName = `Công ty TNHH Bản nháp Dự án ${tax}`;
  const projectName = `Nhà máy bản nháp ${tax}`;
  const kind = journey('nha-dau-tu-nuoc-ngoai');
  const irc = kind.steps.find((s) => s.id === 'irc')!;
  const ircName: string = (await procedureToApply(request, irc.procedure)).detail.procedure.name.vi;
  const officers = new Officers(browser, { viewport: testInfo.project.use.viewport });

  // A verified company with a project.
  await verifiedCompany(page, officers, tax, companyName);
  await officers.close();
  const create = new NewProjectPage(page);
  await create.goto();
  const id = await create.create({
    kind: kind.name.vi,
    name: projectName,
    capital: '50.000.000.000',
    area: '12.000',
    description: 'Sản xuất linh kiện điện tử.',
  });

  // Its first step is started from the project's page and left as a draft.
  const project = new ProjectPage(page);
  const stepHref = (await project.fileLink(ircName).getAttribute('href'))!;
  await page.goto(stepHref);
  await page.getByRole('main').getByRole('textbox').first().fill(`${projectName} (đang soạn)`);
  await page.waitForTimeout(1500); // the draft reaches the server a second after the last change

  // My drafts name the step and the project, which is a link; the draft's own link goes back to the step.
  await page.goto('/tai-khoan');
  const app = new AppPage(page, 'vi');
  await app.waitForApp();
  const drafts = page.getByRole('region', { name: 'Hồ sơ đang soạn' });
  const line = drafts.getByRole('listitem');
  await expect(line).toHaveCount(1);
  await expect(line).toContainText(`Bước 1 của dự án ${projectName}`);
  await expect(line.getByRole('link', { name: projectName, exact: true })).toHaveAttribute('href', `/du-an/${encodeURIComponent(id)}`);
  await expect(line.getByRole('link', { name: ircName, exact: true })).toHaveAttribute('href', stepHref);
  await expectNoAxeViolations(page, 'my drafts with a project step (vi)');

  await app.languageSwitch.click();
  const mine = page.getByRole('region', { name: 'My drafts' });
  await expect(mine.getByRole('listitem')).toContainText(`Step 1 of project ${projectName}`);
  await expect(mine.getByRole('link', { name: projectName, exact: true })).toHaveAttribute('href', `/du-an/${encodeURIComponent(id)}`);
  await expectNoAxeViolations(page, 'my drafts with a project step (en)');
});
