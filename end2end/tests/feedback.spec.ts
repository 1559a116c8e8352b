import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { FB, FeedbackFollowPage, FeedbackSendPage, MyFeedbackPage, OfficerFeedbackPage, PHOTO, QuestionsPage } from './fixtures/feedback';
import { DossierPage, officerPassword, PDF, registerCitizen, signIn, submitApplication } from './fixtures/lifecycle';

// Exchanging a driving licence: the provincial police's procedure, whose officer (canbo.ca) answers
// feedback about it and follows up a low rating of its dossiers.
const PROCEDURE = '1.012811';

for (const lang of ['vi', 'en'] as const) {
  test(`without signing in, a citizen sends feedback with a photo, keeps what they typed over a reload, and follows it by code and PIN (${lang})`, async ({
    page,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
    test.setTimeout(90_000);
    const send = new FeedbackSendPage(page, lang);
    const ui = FB[lang];
    await page.goto(`/thu-tuc/${PROCEDURE}`);
    await send.waitForApp();
    if (lang === 'en') await new FeedbackSendPage(page).languageSwitch.click();
    await page.getByRole('link', { name: lang === 'vi' ? 'Gửi phản ánh, kiến nghị về thủ tục này' : 'Send feedback about this procedure' }).click();
    await expect(page).toHaveURL(new RegExp(`/phan-anh\\?thu-tuc=${PROCEDURE.replace('.', '\\.')}$`));
    await expect(send.heading).toHaveText(ui.sendTitle);
    await expect(send.field(lang === 'vi' ? 'Mã thủ tục' : 'Procedure code')).toHaveValue(PROCEDURE);
    await expectNoAxeViolations(page, `send feedback (${lang})`);

    // Nothing filled in: a summary that links to each field, and the message beside it.
    await send.main.getByRole('button', { name: ui.send, exact: true }).click();
    await expect(send.summary).toBeVisible();
    await send.summary.getByRole('link').filter({ hasText: lang === 'vi' ? /tiêu đề/i : /title/i }).first().click();
    await expect(send.field(ui.title)).toBeFocused();
    await expect(send.main.locator('#fb-title-error')).toBeVisible();
    await expectNoAxeViolations(page, `send feedback, errors (${lang})`);

    await send.field(ui.category).selectOption({ label: ui.procedureCategory });
    await send.field(ui.title).fill('Hồ sơ đổi giấy phép lái xe cần bản dịch nào?');
    await send.field(ui.text).fill('Trang thủ tục không nói bản dịch giấy phép nước ngoài phải công chứng ở đâu.');
    await send.field(ui.files).setInputFiles([{ name: 'ảnh chụp.png', mimeType: 'image/png', buffer: PHOTO }]);
    await expect(send.main.getByText(/^ảnh chụp\.png \(/)).toBeVisible();
    await send.field(ui.name).fill('Lê Văn Nam');
    await send.field(ui.phone).fill('0912345678');
    await send.field(ui.consent).check();

    // A reload loses nothing typed, the photo included.
    await page.reload();
    await send.waitForApp();
    await expect(send.field(ui.title)).toHaveValue('Hồ sơ đổi giấy phép lái xe cần bản dịch nào?');
    await expect(send.field(ui.name)).toHaveValue('Lê Văn Nam');
    await expect(send.main.getByText(/^ảnh chụp\.png \(/)).toBeVisible();
    await expect(send.field(ui.consent)).toBeChecked();

    // A doubled tap sends once.
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/feedback')) posts.push(r.url());
    });
    await send.main.getByRole('button', { name: ui.send, exact: true }).dblclick();
    const { code, pin } = await send.receipt();
    expect(posts.length).toBe(1);
    await expectNoAxeViolations(page, `feedback receipt (${lang})`);

    // Following it by the link with the PIN, then by the code with the PIN typed.
    await send.main.getByRole('link', { name: ui.follow }).click();
    const follow = new FeedbackFollowPage(page, lang);
    await expect(follow.status(ui.waiting)).toBeVisible();
    await expect(page).not.toHaveURL(/pin=/);
    await expect(follow.main.getByRole('link', { name: 'ảnh chụp.png' })).toBeVisible();
    await expectNoAxeViolations(page, `follow feedback (${lang})`);

    await page.goto(`/phan-anh/${code}`);
    await follow.waitForApp();
    const field = follow.main.getByLabel(ui.pin, { exact: true });
    await field.fill('ZZZZZZZZ');
    // The wrong PIN's answer is held while the right one is being typed: its coming keeps the field,
    // the focus in it and what was typed, so the rest of the typing lands too.
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    await page.route(
      (url) => url.pathname.startsWith('/api/v1/feedback/') && url.searchParams.get('pin') === 'ZZZZZZZZ',
      async (route) => {
        await held;
        await route.continue();
      },
    );
    const see = follow.main.getByRole('button', { name: ui.see });
    const asked = page.waitForRequest((r) => r.url().includes('pin=ZZZZZZZZ'));
    await see.click();
    await asked;
    await expect(see).toHaveAttribute('aria-busy', 'true');
    await field.fill(pin.slice(0, 4));
    answer();
    // The button is no longer busy once the answer is drawn.
    await expect(see).not.toHaveAttribute('aria-busy', 'true');
    await expect(follow.main.getByText(ui.notFound)).toBeVisible();
    await expect(field).toBeFocused();
    await page.keyboard.type(pin.slice(4));
    await expect(field).toHaveValue(pin);
    await page.keyboard.press('Enter');
    await expect(follow.status(ui.waiting)).toBeVisible();
    await expectNoAxeViolations(page, `follow feedback by PIN (${lang})`);
  });
}

test('an officer answers feedback, redacts it (personal data refused) and publishes it once confirmed; it is on the procedure’s questions and found without diacritics', async ({
  page,
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(150_000);
  const send = new FeedbackSendPage(page);
  const ui = FB.vi;
  await send.gotoAbout(PROCEDURE);
  await send.field(ui.category).selectOption({ label: ui.procedureCategory });
  await send.field(ui.title).fill('Đổi giấy phép lái xe nước ngoài cần dịch thuật ở đâu');
  await send.field(ui.text).fill('Tôi là Lê Văn Nam, số 0912345678. Bản dịch giấy phép lái xe phải công chứng ở đâu?');
  await send.field(ui.files).setInputFiles([{ name: 'giấy phép.png', mimeType: 'image/png', buffer: PHOTO }]);
  await expect(send.main.getByText(/^giấy phép\.png \(/)).toBeVisible();
  await send.field(ui.name).fill('Lê Văn Nam');
  await send.field(ui.email).fill('nam@example.com');
  await send.field(ui.consent).check();
  const { code, pin } = await send.send();

  // Not yet published: nothing to find.
  expect((await (await page.request.get(`/api/v1/questions/${code}`)).status())).toBe(404);

  // The police's officer finds it in the feedback queue, linked from the dossier queue.
  const deskContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const desk = await deskContext.newPage();
  await signIn(desk, 'canbo.ca', officerPassword('canbo.ca'), '/can-bo');
  await desk.getByRole('link', { name: 'Phản ánh, kiến nghị cần trả lời' }).click();
  const officer = new OfficerFeedbackPage(desk);
  await expect(officer.row(code)).toBeVisible();
  await expectNoAxeViolations(desk, 'feedback queue');
  await officer.row(code).getByRole('link', { name: code }).click();
  await expect(officer.section(/Liên hệ người gửi/)).toContainText('nam@example.com');
  await expectNoAxeViolations(desk, 'officer feedback');
  const answer = officer.section('Trả lời');
  await answer.getByLabel('Câu trả lời gửi người phản ánh').fill('Bản dịch được công chứng tại bất kỳ tổ chức hành nghề công chứng nào; trang thủ tục đã ghi rõ.');
  await answer.getByLabel(/Cơ quan đã thay đổi gì/).fill('Trang thủ tục đổi giấy phép lái xe ghi rõ nơi công chứng bản dịch.');
  await answer.getByRole('button', { name: 'Gửi câu trả lời' }).click();

  // Redaction: the original's words to start from; the phone number is refused before it is saved.
  const redact = officer.section('Biên tập để công khai');
  await expect(redact).toBeVisible();
  await expect(redact.getByLabel('Câu hỏi công khai')).toHaveValue(/0912345678/);
  await expect(redact.getByLabel('Câu trả lời công khai')).toHaveValue(/bất kỳ tổ chức hành nghề công chứng/);
  await redact.getByRole('button', { name: 'Lưu bản biên tập' }).click();
  await expect(officer.main.getByRole('alert').filter({ hasText: 'Có vấn đề cần sửa' })).toBeVisible();
  await expect(officer.main.locator('#redact-question-error')).toBeVisible();
  await expectNoAxeViolations(desk, 'redaction refused');
  await redact.getByLabel('Câu hỏi công khai').fill('Bản dịch giấy phép lái xe nước ngoài phải công chứng ở đâu?');
  await redact.getByRole('button', { name: 'Lưu bản biên tập' }).click();

  // Saved, not published until confirmed.
  const confirm = officer.section('Xác nhận công khai');
  await expect(confirm).toBeVisible();
  expect((await (await page.request.get(`/api/v1/questions/${code}`)).status())).toBe(404);
  await confirm.getByRole('button', { name: 'Công khai' }).click();
  await expect(officer.main.getByRole('alert').filter({ hasText: 'Xác nhận bản biên tập không còn thông tin cá nhân.' })).toBeVisible();
  expect((await (await page.request.get(`/api/v1/questions/${code}`)).status())).toBe(404);
  await confirm.getByLabel(/Tôi đã đọc lại/).check();
  await expectNoAxeViolations(desk, 'confirm publication');
  await confirm.getByRole('button', { name: 'Công khai' }).click();
  await expect(officer.main.getByRole('link', { name: 'Xem bản công khai' })).toBeVisible();
  await deskContext.close();

  // The sender sees the answer and says it solved the problem.
  await page.goto(`/phan-anh/${code}#pin=${pin}`);
  const follow = new FeedbackFollowPage(page);
  await expect(follow.status(ui.answered)).toBeVisible();
  await expect(follow.events).toContainText('bất kỳ tổ chức hành nghề công chứng');
  await expectNoAxeViolations(page, 'follow, answered');
  await follow.main.getByRole('button', { name: 'Đã giải quyết', exact: true }).click();
  await expect(follow.status(ui.solved)).toBeVisible();

  // On the procedure's page, its questions; the redaction only, never the sender's words.
  await page.goto(`/thu-tuc/${PROCEDURE}`);
  await follow.waitForApp();
  const onProcedure = page.getByRole('region', { name: 'Hỏi đáp, phản ánh' });
  await expect(onProcedure.getByRole('link', { name: 'Đổi giấy phép lái xe nước ngoài cần dịch thuật ở đâu' })).toBeVisible();
  await expect(onProcedure).not.toContainText('0912345678');
  await expectNoAxeViolations(page, 'procedure with its questions');
  await onProcedure.getByRole('link', { name: 'Câu hỏi đã được trả lời về thủ tục này' }).click();
  const questions = new QuestionsPage(page);
  await expect(questions.result('Đổi giấy phép lái xe nước ngoài cần dịch thuật ở đâu')).toBeVisible();
  await expect(questions.main).not.toContainText('0912345678');
  await expectNoAxeViolations(page, 'questions of a procedure');

  // Searched without diacritics.
  await page.goto('/hoi-dap');
  await questions.waitForApp();
  await questions.search.fill('doi giay phep lai xe dich thuat');
  await questions.search.press('Enter');
  await expect(page).toHaveURL(/q=doi/);
  await questions.result('Đổi giấy phép lái xe nước ngoài cần dịch thuật ở đâu').click();
  await expect(questions.heading).toHaveText('Đổi giấy phép lái xe nước ngoài cần dịch thuật ở đâu');
  await expect(questions.main).toContainText('Bản dịch giấy phép lái xe nước ngoài phải công chứng ở đâu?');
  await expect(questions.main).not.toContainText('Lê Văn Nam');
  await expectNoAxeViolations(page, 'published question');

  // What changed, on "you said, we did".
  await page.goto('/ban-noi-chung-toi-lam');
  await expect(page.getByRole('main')).toContainText('Trang thủ tục đổi giấy phép lái xe ghi rõ nơi công chứng bản dịch.');
  await expectNoAxeViolations(page, 'you said, we did');
});

test('a rating of 1 on a returned dossier opens a follow-up case the agency’s officer sees in the feedback queue', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the journey is the phone one (360×740)');
  test.setTimeout(240_000);
  await registerCitizen(page, '046190002468', 'Đỗ Thị Hoa');
  const code = await submitApplication(page, request, PROCEDURE);

  // Received and forwarded at the centre, result from the police, fee and hand-over at the centre.
  const centreContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const centre = new DossierPage(await centreContext.newPage());
  await signIn(centre.page, 'canbo.hcc', officerPassword('canbo.hcc'), '/can-bo');
  await centre.goto(code, true);
  await centre.act('Tiếp nhận hồ sơ');
  await centre.expectStatus('Mới tiếp nhận');
  await centre.act('Chuyển bước tiếp theo');
  await centre.expectStatus('Đang xử lý');
  const policeContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const police = new DossierPage(await policeContext.newPage());
  await signIn(police.page, 'canbo.ca', officerPassword('canbo.ca'), '/can-bo');
  await police.goto(code, true);
  const ready = police.action('Đã có kết quả');
  await ready.getByLabel('Tệp kết quả').setInputFiles([{ name: 'kết quả.pdf', mimeType: 'application/pdf', buffer: PDF }]);
  await expect(ready.getByText(/^kết quả\.pdf \(/)).toBeVisible();
  await police.act('Đã có kết quả');
  await police.expectStatus('Đã có kết quả');
  await centre.expectStatus('Đã có kết quả');
  await centre.main.getByRole('button', { name: 'Ghi nhận đã nộp tại quầy' }).click();
  await expect(centre.main.getByRole('button', { name: 'Ghi nhận đã nộp tại quầy' })).toHaveCount(0);
  await centre.act('Đã trả kết quả');
  await centre.expectStatus('Đã trả kết quả');

  // The rating form says what a low rating does, then the citizen rates it 1.
  const citizen = new DossierPage(page);
  await citizen.goto(code);
  await citizen.expectStatus('Đã trả kết quả');
  const rate = citizen.rating;
  await expect(rate).toContainText('Nếu bạn chọn mức 1 hoặc 2 (không hài lòng) ở bất kỳ câu nào, thủ trưởng cơ quan sẽ được giao xem xét');
  const scale = await (await request.get('/api/v1/satisfaction')).json();
  await rate.getByRole('radio', { name: scale.scale[0].vi, exact: true }).first().check();
  await expectNoAxeViolations(page, 'low rating');
  await rate.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(rate.getByText(/Bạn đã đánh giá:/)).toBeVisible();

  await centreContext.close();

  // The police's officer sees the follow-up, for the agency's head, in the feedback queue.
  await police.page.goto('/can-bo/phan-anh');
  const officer = new OfficerFeedbackPage(police.page);
  const row = officer.main.getByRole('row').filter({ hasText: 'Theo dõi đánh giá không hài lòng' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Thủ trưởng cơ quan xem xét');
  await expectNoAxeViolations(police.page, 'feedback queue with a low rating');
  await row.getByRole('link').click();
  await expect(officer.main).toContainText(code);
  await expectNoAxeViolations(police.page, 'low rating case');
  await policeContext.close();

  // The citizen finds the case among what they sent, and opens it without a PIN.
  const mine = new MyFeedbackPage(page);
  await mine.open();
  const item = mine.item(`Đánh giá không hài lòng hồ sơ ${code}`);
  await expect(item).toContainText('Đang chờ trả lời');
  await expectNoAxeViolations(page, 'my feedback');
  await item.getByRole('link').click();
  const follow = new FeedbackFollowPage(page);
  await expect(follow.status(FB.vi.waiting)).toBeVisible();
  await expect(follow.main.getByLabel(FB.vi.pin)).toHaveCount(0);
});
