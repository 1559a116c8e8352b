import { expect, expectNoAxeViolations, test } from './fixtures/test';

/** The name of the land-use-rights certificate, which people call "sổ hồng" or "sổ đỏ". */
const CERTIFICATE = /Giấy chứng nhận quyền sử dụng đất/;

test.describe('search that understands how people ask', () => {
  test('"sổ hồng" typed letter by letter suggests the land-use-rights certificate; the keyboard opens it', async ({
    home,
    detail,
    catalogue,
    page,
  }) => {
    const expected = (await catalogue.suggest('sổ hồng')).find((s) => CERTIFICATE.test(s.name.vi));
    expect(expected, 'the API suggests a land-use-rights certificate for "sổ hồng"').toBeDefined();

    await home.goto();
    const box = home.searchBox;
    await box.type('sổ hồng', 60);
    const option = box.option(expected!.name.vi);
    await expect(option).toBeVisible();
    await expectNoAxeViolations(page, 'home with the suggestions for "sổ hồng"');

    await box.arrowTo(option);
    await box.input.press('Enter');
    await expect(page).toHaveURL(`/thu-tuc/${expected!.code}`);
    await detail.expectHeading(expected!.name.vi);
    await expectNoAxeViolations(page, 'the certificate chosen from the suggestions');
  });

  test('a query with words no procedure has shows the closest and names those words, in Vietnamese and English', async ({
    home,
    results,
    catalogue,
    page,
  }) => {
    const q = 'giấy phép xây dựng biệt thự';
    const api = await catalogue.search({ q });
    const missing = api.reading?.missing ?? [];
    expect(missing.length, `the API says which words of "${q}" it did not find`).toBeGreaterThan(0);
    expect(api.total).toBeGreaterThan(0);

    await home.goto();
    await home.searchBox.input.fill(q);
    await home.searchBox.submit.click();
    await results.waitForResults();
    await expect(results.links.first()).toHaveText(/giấy phép xây dựng/i);
    const vi = missing.map((w) => `«${w}»`).join(', ');
    await expect(results.reading).toHaveText(
      `Không có thủ tục nào có đủ các từ bạn tìm. Không tìm thấy: ${vi}. Đây là các thủ tục gần nhất.`,
    );
    await expectNoAxeViolations(page, 'partial results');

    await results.languageSwitch.click();
    const en = results.inLanguage('en');
    const quoted = missing.map((w) => `“${w}”`).join(', ');
    await expect(en.reading).toHaveText(
      `No procedure has all the words you searched for. Not found: ${quoted}. These are the closest procedures.`,
    );
    await expectNoAxeViolations(page, 'partial results in English');

    // Nothing at all: the usual advice, and still the words that were not found.
    const none = 'xyzw qqq';
    expect((await catalogue.search({ q: none })).reading?.missing).toEqual(['xyzw', 'qqq']);
    await en.searchBox.input.fill(none);
    await en.searchBox.submit.click();
    await expect(en.count).toHaveText(`0 procedures for “${none}”`);
    await expect(en.reading).toHaveText('Not found: “xyzw”, “qqq”.');
    await expect(en.main.getByRole('status').filter({ hasText: 'No procedure matches.' })).toBeVisible();
    await expectNoAxeViolations(page, 'no results in English');
    await en.languageSwitch.click();
    await expect(results.reading).toHaveText('Không tìm thấy: «xyzw», «qqq».');
    await expectNoAxeViolations(page, 'no results');
  });

  test('a query typed in Telex with the Vietnamese input off finds the marriage registration and says how it was read', async ({
    results,
    page,
  }) => {
    await results.goto({ q: 'ddawng kys keets hoon' });
    await expect(results.links.first()).toHaveText('Đăng ký kết hôn');
    await expect(results.reading).toHaveText(
      'Kết quả cho «đăng ký kết hôn» (chữ gõ khi chưa bật bộ gõ tiếng Việt).',
    );
    await expectNoAxeViolations(page, 'results of a Telex query');

    await results.languageSwitch.click();
    const en = results.inLanguage('en');
    await expect(en.links.first()).toHaveText('Marriage registration');
    await expect(en.reading).toHaveText(
      'Showing results for “đăng ký kết hôn” (typed without Vietnamese input).',
    );
    await expectNoAxeViolations(page, 'results of a Telex query in English');
  });

  test('a typo offers the corrected words, and following them searches for those', async ({
    results,
    catalogue,
    page,
  }) => {
    const q = 'đăng ký khai sinnh';
    const corrected = (await catalogue.search({ q })).reading?.did_you_mean;
    expect(corrected, `the API corrects "${q}"`).toBe('đăng ký khai sinh');

    await results.goto({ q });
    await expect(results.links).toContainText(['Đăng ký khai sinh']);
    await expect(results.reading).toHaveText('Có phải bạn muốn tìm: «đăng ký khai sinh»?');
    await expectNoAxeViolations(page, 'results with a correction');

    await results.languageSwitch.click();
    const en = results.inLanguage('en');
    await expect(en.reading).toHaveText('Did you mean: “đăng ký khai sinh”?');
    await expectNoAxeViolations(page, 'results with a correction in English');
    await en.languageSwitch.click();

    await results.correction.click();
    await expect(page).toHaveURL(/\/tim-kiem\?q=%C4%91%C4%83ng%20k%C3%BD%20khai%20sinh$/);
    const api = await catalogue.search({ q: 'đăng ký khai sinh' });
    await expect(results.count).toHaveText(results.countPattern(api.total));
    await expect(results.count).toContainText('cho “đăng ký khai sinh”');
    await expect(results.searchBox.input).toHaveValue('đăng ký khai sinh');
    await expect(results.reading).toHaveCount(0);
    await expectNoAxeViolations(page, 'results for the corrected words');
  });

  test('English keeps working: suggestions mark the words typed, and "birth registration" finds it', async ({
    home,
    results,
    page,
  }) => {
    await home.goto();
    await home.languageSwitch.click();
    const en = home.inLanguage('en');
    await en.searchBox.type('birth regis', 60);
    const option = en.searchBox.option('Birth registration');
    await expect(option).toBeVisible();
    // The words typed are bold in the name they complete.
    await expect(option.locator('b')).toHaveText(['Birth', 'regis']);
    await expectNoAxeViolations(page, 'English suggestions');

    await en.searchBox.input.fill('birth registration');
    await en.searchBox.submit.click();
    const found = results.inLanguage('en');
    await found.waitForResults();
    await expect(found.links.first()).toHaveText(/birth registration/i);
    await expect(found.links).toContainText(['Birth registration']);
    await expect(found.reading).toHaveCount(0);
    await expectNoAxeViolations(page, 'English results');
  });
});
