import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { AccountPages } from './fixtures/account';
import { ApplicationPage, chooseCollection, dueDate, fillSection, procedureToApply, vietnamReceptionDay } from './fixtures/application';
import { registerCitizen } from './fixtures/lifecycle';
import { holdWebAssembly } from './fixtures/shifts';
import type { Lang } from './fixtures/text';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

test('a citizen applies for birth registration from a phone and gets a receipt with the due date', async ({
  page,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(120_000);
  const code = '1.001193';
  const { form, detail } = await procedureToApply(request, code);

  // Register.
  const pages = new AccountPages(page);
  await pages.gotoRegister();
  await pages.fillCitizen('037190005678', 'Đỗ Thị Hoa');
  await pages.field('Mật khẩu').fill('một câu mật khẩu dài');
  await pages.submit.click();
  await expect(page).toHaveURL(/\/tai-khoan$/);

  // Find the procedure in the catalogue and start applying.
  await page.goto('/');
  await page.getByRole('combobox').fill('dang ky khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.getByRole('link', { name: detail.procedure.name.vi, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(detail.procedure.name.vi);
  await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
  await expect(page).toHaveURL(new RegExp(`/nop-ho-so/${code.replace('.', '\\.')}$`));

  const main = page.getByRole('main');
  const next = main.getByRole('button', { name: 'Tiếp tục' });
  const summary = page.getByRole('alert').filter({ hasText: 'Có vấn đề cần sửa' });
  for (const [i, section] of form.sections.entries()) {
    await expect(main.getByText(`Bước ${i + 1} trên ${form.sections.length + 3}`)).toBeVisible();
    await expectNoAxeViolations(page, `section ${section.id}`);
    if (i === 0) {
      // One mistake: continue with the first required answer left empty.
      const first = section.fields.find((f) => f.required && !['group', 'radio', 'checkbox', 'select', 'address'].includes(f.kind))!;
      await fillSection(page, `f-${section.id}`, section.fields);
      await page.locator(`#f-${section.id}-${first.id}`).fill('');
      await next.click();
      await expect(summary).toBeVisible();
      await expect(summary).toBeFocused();
      await expectNoAxeViolations(page, 'error summary');
      await summary.getByRole('link').first().click();
      await expect(page.locator(`#f-${section.id}-${first.id}`)).toBeFocused();
      await fillSection(page, `f-${section.id}`, [first]);
    } else {
      await fillSection(page, `f-${section.id}`, section.fields);
    }
    await next.click();
  }

  // Documents: two files for the first required one, one for each other; then a reload.
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('Giấy tờ kèm theo');
  const mandatory = detail.procedure.documents
    .map((d: any, i: number) => ({ ...d, i }))
    .filter((d: any) => d.mandatory && d.provided === 'upload');
  for (const [n, doc] of mandatory.entries()) {
    const files = n === 0
      ? [{ name: 'tờ khai.pdf', mimeType: 'application/pdf', buffer: PDF }, { name: 'ảnh giấy chứng sinh.png', mimeType: 'image/png', buffer: PNG }]
      : [{ name: `giấy tờ ${doc.i}.pdf`, mimeType: 'application/pdf', buffer: PDF }];
    await main.getByLabel(doc.name.vi, { exact: true }).setInputFiles(files);
  }
  await expect(main.getByRole('button', { name: /^Xóa/ })).toHaveCount(mandatory.length + 1);
  await expectNoAxeViolations(page, 'documents');
  await page.waitForTimeout(1200); // the draft reaches the server a second after the last change
  await page.reload();
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('Giấy tờ kèm theo');
  await expect(main.getByText(/^ảnh giấy chứng sinh\.png \(/)).toBeVisible();
  await expect(main.getByRole('button', { name: /^Xóa/ })).toHaveCount(mandatory.length + 1);
  await next.click();

  // Delivery, then the check of every answer.
  await chooseCollection(page);
  await expectNoAxeViolations(page, 'delivery');
  await next.click();
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('Kiểm tra lại trước khi nộp');
  await expectNoAxeViolations(page, 'check answers');

  // A double tap on submit makes one dossier.
  await main.getByRole('button', { name: 'Nộp hồ sơ' }).dblclick();
  await expect(page).toHaveURL(/\/ho-so\/[^/]+\/bien-nhan$/);
  const codeText = await page.locator('.mc-panel__code').textContent();
  expect(codeText).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H55-\d{6}-\d{4}$/);
  const due = dueDate(vietnamReceptionDay(), detail.procedure.processing_days);
  const [y, m, d] = due.split('-');
  await expect(main.getByText(`${d}/${m}/${y}`)).toBeVisible();
  // Submitted online, not yet received: no officer has acted on it.
  await expect(main.getByRole('term').filter({ hasText: 'Ngày nộp' })).toBeVisible();
  await expect(main.getByText('Ngày tiếp nhận')).toHaveCount(0);
  await expectNoAxeViolations(page, 'receipt');
  // On paper the slip stands alone: no header, footer or print button.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('button', { name: 'In giấy tiếp nhận' })).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath('receipt-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  const qr = await page.request.get(`/api/v1/dossiers/${encodeURIComponent(codeText!)}/qr.svg`);
  expect(qr.status()).toBe(200);
  const seq = Number(codeText!.slice(-4));
  const twin = codeText!.slice(0, -4) + String(seq + 1).padStart(4, '0');
  expect((await page.request.get(`/api/v1/dossiers/${encodeURIComponent(twin)}`)).status()).toBe(404);
});

test('a draft started on a phone is finished on a computer, and listed under my drafts', async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one device pair is enough');
  const pages = new AccountPages(page);
  await pages.gotoRegister();
  await pages.fillCitizen('038190006789', 'Lê Thị Mai');
  await pages.field('Mật khẩu').fill('một câu mật khẩu dài');
  await pages.submit.click();
  await expect(page).toHaveURL(/\/tai-khoan$/);
  await page.goto('/nop-ho-so/1.001193');
  const typed = page.getByRole('main').getByRole('textbox').first();
  await typed.fill('Lê Thị Mai (đang soạn)');
  await page.waitForTimeout(1500); // the draft reaches the server a second after the last change

  const computer = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const other = await computer.newPage();
  await other.goto('/dang-nhap?tiep=/tai-khoan');
  const there = new AccountPages(other);
  await there.waitForApp();
  await there.field(/Số định danh cá nhân \(CCCD\) hoặc mã số thuế/).fill('038190006789');
  await there.field('Mật khẩu').fill('một câu mật khẩu dài');
  await there.submit.click();
  await expect(other).toHaveURL(/\/tai-khoan$/);
  const drafts = other.getByRole('region', { name: 'Hồ sơ đang soạn' });
  await expect(drafts.getByRole('link')).toHaveCount(1);
  await expectNoAxeViolations(other, 'account with a draft');
  const asked: string[] = [];
  other.on('request', (r) => {
    if (r.method() === 'GET' && r.url().includes('/api/v1/drafts')) asked.push(new URL(r.url()).pathname);
  });
  await drafts.getByRole('link').click();
  await expect(other.getByRole('main').getByRole('textbox').first()).toHaveValue('Lê Thị Mai (đang soạn)');
  // The form's page came with the draft in full: the form asked for neither it nor the list.
  expect(asked).toEqual([]);
  await computer.close();
});

// What the server says when it refuses a document whose file is gone and an address it does not
// know: it names each problem by a code, which the app says in the reader's language.
const REFUSED: Partial<Record<Lang, { document: RegExp; delivery: RegExp }>> = {
  vi: { document: /tệp đính kèm không còn/, delivery: /Nhập đủ địa chỉ nhận kết quả/ },
  en: { document: /attached file is no longer there/, delivery: /Enter the whole delivery address/ },
};

for (const [lang, refused] of Object.entries(REFUSED) as [Lang, { document: RegExp; delivery: RegExp }][]) {
  test(`a refused submission shows each problem beside its own field, a document's and the delivery address's (${lang})`, async ({
    page,
    request,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
    test.setTimeout(120_000);
    // Exchanging a driving licence: its result may be sent by post.
    const code = '1.012811';
    const { form, detail } = await procedureToApply(request, code);
    const mandatory = detail.procedure.documents.filter((d: any) => d.mandatory && d.provided === 'upload');

    await registerCitizen(page, lang === 'vi' ? '042190003333' : '042190003334', 'Phạm Văn Bình');
    const app = new ApplicationPage(page, code, lang);
    await app.goto();
    // The site opens in Vietnamese; its switch reads "English" until pressed.
    if (lang !== 'vi') await new ApplicationPage(page, code).languageSwitch.click();
    await app.answerSections(form.sections, (what) => expectNoAxeViolations(page, what));

    await expect(app.heading).toHaveText(app.ui.documents);
    for (const doc of mandatory) {
      await app.document(doc.name[lang]).setInputFiles([{ name: 'giấy tờ.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    }
    await expect(app.main.getByRole('button', { name: app.ui.remove })).toHaveCount(mandatory.length);
    await expectNoAxeViolations(page, 'documents');
    await app.next.click();

    await expect(app.heading).toHaveText(app.ui.delivery);
    await app.chooseByPost();
    await expectNoAxeViolations(page, 'delivery by post');
    await app.next.click();
    await expect(app.heading).toHaveText(app.ui.check);

    // Behind the app's back: the first document's file is deleted, and the saved address gets a
    // commune the server does not know. The page reads the saved application again on a reload.
    const saved = await app.changeSaved((s) => {
      if (s.draft.delivery.method === 'post') s.draft.delivery.address.commune = '99999';
    });
    const first = detail.procedure.documents.findIndex((d: any) => d.mandatory);
    const gone = saved.draft.documents[String(first)][0].id;
    expect((await page.request.delete(`/api/v1/uploads/${gone}`)).status()).toBe(204);
    // The app checks the whole application by the server's rules before sending, but without the
    // list of places it cannot judge a commune: the server does. The list comes in the form's page,
    // and is asked for separately where it does not (a project's step), which a bad network can lose:
    // here it neither comes nor can be asked for.
    await page.route('**/api/v1/places', (route) => route.abort());
    await page.route(`**/nop-ho-so/${code}`, async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      delete headers['content-encoding'];
      delete headers['content-length'];
      const body = (await response.text()).replace(/<script type="application\/json" data-api="\/places"[^>]*>[^<]*<\/script>/, '');
      await route.fulfill({ status: response.status(), headers, body });
    });
    await page.reload();
    await expect(app.heading).toHaveText(app.ui.check);

    await app.submit.click();
    await expect(app.errorSummary).toBeVisible();
    await expect(app.errorSummary).toBeFocused();
    await expectNoAxeViolations(page, 'check answers, refused');

    // The document's link leads to the documents page, to the file input, with the message beside it.
    await app.errorSummary.getByRole('link', { name: refused.document }).click();
    await expect(app.heading).toHaveText(app.ui.documents);
    const input = app.document(detail.procedure.documents[first].name[lang]);
    await expect(input).toBeFocused();
    await app.expectDescribedBy(input, refused.document);
    await expectNoAxeViolations(page, 'documents, refused');

    // The summary stays, so the delivery problem is one link away.
    await app.errorSummary.getByRole('link', { name: refused.delivery }).click();
    await expect(app.heading).toHaveText(app.ui.delivery);
    const province = app.main.getByLabel(app.ui.province);
    await expect(province).toBeFocused();
    await app.expectDescribedBy(province, refused.delivery);
    await expectNoAxeViolations(page, 'delivery, refused');
  });
}

test('the form is drawn once from what came with the page: nothing is asked again, and nothing drawn over what is typed', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'once is enough');
  await registerCitizen(page, '038190007890', 'Trần Văn Bình');
  // Were the list of places asked for, it would come a second late, over what is typed by then.
  await page.route('**/api/v1/places', async (route) => {
    await new Promise((done) => setTimeout(done, 1000));
    await route.continue();
  });
  // Asked by this page: the page before may still be finishing its own requests as it goes.
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.headers()['referer']?.endsWith('/nop-ho-so/1.001193')) asked.push(new URL(r.url()).pathname);
  });
  await page.goto('/nop-ho-so/1.001193');
  const typed = page.getByRole('main').getByRole('textbox').first();
  await typed.fill('Trần Văn Bình (đang soạn)');
  await page.waitForTimeout(1000);
  await expect(typed).toHaveValue('Trần Văn Bình (đang soạn)');
  // The procedure, its form, the account, its drafts and the places the form fills an address from
  // came with the page: none is asked for.
  expect(asked.filter((p) => p.startsWith('/api/v1/procedures/') || ['/api/v1/me', '/api/v1/drafts', '/api/v1/places'].includes(p))).toEqual([]);
});

test('what is selected on the drawn form is still selected the moment the app starts, so a key pressed then replaces it', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'once is enough');
  const name = 'Trần Văn Cường';
  await registerCitizen(page, '038190007891', name);
  const held = await holdWebAssembly(page);
  await page.goto('/nop-ho-so/1.001193', { waitUntil: 'commit' });
  const field = page.getByRole('main').getByRole('textbox').first();
  await expect(field).toHaveValue(name);
  await field.selectText();
  // Where a key pressed as the app starts would go: the selection once the app has put the focus in
  // its own field, before the next frame.
  await page.evaluate(() => {
    document.addEventListener(
      'focusin',
      (e) => {
        const input = e.target as HTMLInputElement;
        queueMicrotask(() => ((window as any).selectedAtStart = [input.selectionStart, input.selectionEnd]));
      },
      { once: true },
    );
  });
  held.release();
  await page.waitForFunction(() => (window as any).selectedAtStart !== undefined);
  expect(await page.evaluate(() => (window as any).selectedAtStart)).toEqual([0, name.length]);
  await page.keyboard.type('Trần Thị Hoa');
  await expect(field).toHaveValue('Trần Thị Hoa');
});

test('the drawn form fetches no app until it is used: typing starts it, and a copy kept in the browser starts it at once', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'once is enough');
  const name = 'Lê Thị Thu';
  await registerCitizen(page, '038190007892', name);
  const apps: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) apps.push(new URL(r.url()).pathname);
  });
  await page.goto('/nop-ho-so/1.001193');
  const field = page.getByRole('main').getByRole('textbox').first();
  await expect(field).toHaveValue(name);
  // Long enough for an app started once the page had painted to have been fetched.
  await page.waitForTimeout(2000);
  expect(apps).toEqual([]);
  await expect(page.locator('#shell')).toHaveCount(1);

  // Typing starts it, and it takes the page over with what was typed.
  await field.fill(`${name} Hà`);
  await expect(page.locator('#shell')).toHaveCount(0);
  await expect(field).toHaveValue(`${name} Hà`);
  expect(apps).toHaveLength(1);
  expect(apps[0]).toMatch(/^\/form\//);

  // The app keeps the application in this browser as it is typed: reloaded, the page starts its app at
  // once and shows that copy, with nothing touched.
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('motcua.application.1.001193')))
    .toContain(`${name} Hà`);
  apps.length = 0;
  await page.reload();
  await expect(page.locator('#shell')).toHaveCount(0);
  await expect(field).toHaveValue(`${name} Hà`);
  expect(apps).toHaveLength(1);
});
