import type { Browser, Page } from '@playwright/test';

import { expect, expectNoAxeViolations, test } from './fixtures/test';
import { officerPassword, signIn } from './fixtures/lifecycle';
import { ResultsPage } from './fixtures/results';
import { SearchTermsPage, missesAnswer, searchCodes } from './fixtures/search-terms';

// A karaoke bar as its sign says it ("KTV"): no procedure has "ktv" and catalogue/synonyms.json
// does not have it, so only an officer's synonym makes the search find the licence.
const QUERY = 'quán ktv';
const MEANS = 'karaoke';
const KARAOKE = { code: '1.004634', name: 'Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke' };
const phone = { viewport: { width: 360, height: 740 } };

async function officerPage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await signIn(page, username, officerPassword(username), '/can-bo');
  return page;
}

test.describe('what people searched for and did not find', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the phone journey (360×740)');
  });

  test('an officer of the catalogue agency sees a search that missed, adds a synonym the next search uses, and removes it', async ({
    page,
    browser,
  }) => {
    test.setTimeout(240_000);
    // Nothing teaches the search these words yet: the karaoke licence is not what it finds.
    expect(await searchCodes(page.request, QUERY), `“${QUERY}” before any synonym`).not.toContain(KARAOKE.code);

    // A citizen, not signed in, searches and does not find it.
    const results = new ResultsPage(page);
    await results.goto({ q: QUERY });
    await expect(results.links.filter({ hasText: KARAOKE.name })).toHaveCount(0);
    await expectNoAxeViolations(page, 'results, before the synonym');

    // The centre's officer finds the page from the queue, and the query with how often it was made.
    const desk = await officerPage(browser, 'canbo.hcc');
    const terms = new SearchTermsPage(desk);
    const t = terms.text;
    await desk.getByRole('link', { name: t.link }).click();
    await expect(desk).toHaveURL(/\/can-bo\/tu-tim-kiem$/);
    await expect(terms.heading).toHaveText(t.title);
    const missed = (await missesAnswer(desk.request)).items.find((m) => m.query === QUERY);
    expect(missed, `“${QUERY}” among the misses`).toBeDefined();
    expect(missed!.found_now).toBe(0);
    const row = terms.miss(QUERY);
    await expect(row).toContainText(t.count(missed!.count));
    await expect(row).toContainText(t.foundNothing);
    await expectNoAxeViolations(desk, 'search terms');

    // The catalogue's own synonyms are there too, marked as the catalogue's, with nothing to remove.
    const showCatalogue = terms.synonyms.getByText(t.showCatalogue);
    await showCatalogue.click();
    const own = terms.catalogueSynonym('sổ hồng');
    await expect(own).toContainText(t.fromCatalogue);
    await expect(own.getByRole('button')).toHaveCount(0);
    await expectNoAxeViolations(desk, "search terms, the catalogue's synonyms");
    await showCatalogue.click();

    // From the keyboard: the row's button fills in the words people typed and moves on to their meaning.
    const pick = row.getByRole('button', { name: t.pick(QUERY) });
    await pick.focus();
    await desk.keyboard.press('Enter');
    await expect(terms.say).toHaveValue(QUERY);
    await expect(terms.mean).toBeFocused();

    // Nothing filled in, then a meaning no procedure has: said beside each field and in the summary.
    await terms.say.fill('');
    await terms.save.click();
    await expect(terms.errorSummary).toBeFocused();
    await terms.expectError(terms.say, t.sayRequired);
    await terms.expectError(terms.mean, t.meanRequired);
    await expectNoAxeViolations(desk, 'search terms, nothing filled in');
    await terms.submit(QUERY, 'xập xình');
    await terms.expectError(terms.mean, t.notInCatalogue);
    await expect(terms.say).not.toHaveAttribute('aria-invalid');
    await expectNoAxeViolations(desk, 'search terms, a meaning no procedure has');

    // In English the same problems read in English, as do the misses.
    await terms.languageSwitch.click();
    const en = new SearchTermsPage(desk, 'en');
    await expect(en.heading).toHaveText(en.text.title);
    await en.expectError(en.mean, en.text.notInCatalogue);
    await expect(en.miss(QUERY)).toContainText(en.text.count(missed!.count));
    await expect(en.miss(QUERY)).toContainText(en.text.foundNothing);
    await en.submit('', '');
    await en.expectError(en.say, en.text.sayRequired);
    await en.expectError(en.mean, en.text.meanRequired);
    await expectNoAxeViolations(desk, 'search terms in English, nothing filled in');
    await en.languageSwitch.click();
    await expect(terms.heading).toHaveText(t.title);

    // The synonym is added, listed as the officer's, and the miss now finds something.
    await terms.submit(QUERY, MEANS);
    await expect(terms.added).toContainText(t.added(QUERY, MEANS));
    await expect(terms.errorSummary).toBeHidden();
    await expect(terms.say).toHaveValue('');
    const synonym = terms.synonym(QUERY);
    await expect(synonym).toContainText(MEANS);
    await expect(synonym).toContainText(t.addedBy('Cán bộ canbo.hcc'));
    await expect(row).toContainText(t.found);
    await expectNoAxeViolations(desk, 'search terms, synonym added');

    // The next search uses it at once: the karaoke licence comes first.
    await results.goto({ q: QUERY });
    await expect(results.links.first()).toHaveText(KARAOKE.name);
    await expectNoAxeViolations(page, 'results, with the synonym');

    // Removing asks first; "no" keeps it, "yes" removes it and says so.
    const remove = synonym.getByRole('button', { name: t.remove(QUERY, MEANS) });
    await remove.click();
    await expect(synonym.getByRole('button', { name: t.no })).toBeVisible();
    await expectNoAxeViolations(desk, 'search terms, asked to remove');
    await synonym.getByRole('button', { name: t.no }).click();
    await expect(remove).toBeFocused();
    await remove.click();
    await synonym.getByRole('button', { name: t.yes }).click();
    await expect(terms.synonyms.getByRole('status')).toContainText(t.removed(QUERY, MEANS));
    await expect(terms.synonyms.getByRole('status')).toBeFocused();
    await expect(synonym).toHaveCount(0);
    await expect(row).toContainText(t.foundNothing);
    await expectNoAxeViolations(desk, 'search terms, synonym removed');

    // And the next search no longer finds the licence that way.
    expect(await searchCodes(page.request, QUERY), `“${QUERY}” after the synonym is removed`).not.toContain(KARAOKE.code);
    await results.goto({ q: QUERY });
    await expect(results.links.filter({ hasText: KARAOKE.name })).toHaveCount(0);
    await desk.context().close();
  });

  test('only the officers of the catalogue agency may see the page, in Vietnamese and English', async ({ page, browser }) => {
    // Not signed in: off to sign in, and back here afterwards.
    await page.goto('/can-bo/tu-tim-kiem');
    await expect(page).toHaveURL(/\/dang-nhap\?tiep=%2Fcan-bo%2Ftu-tim-kiem$/);

    // The police's officer is told the page is not theirs, and the API refuses them.
    const desk = await officerPage(browser, 'canbo.ca');
    const refused = await desk.request.get('/api/v1/officer/search/misses');
    expect(refused.status()).toBe(403);
    expect((await refused.json()).code).toBe('catalogue_keepers_only');
    const terms = new SearchTermsPage(desk);
    await terms.goto();
    await expect(terms.heading).toHaveText(terms.text.refused);
    await expect(terms.form).toHaveCount(0);
    await expectNoAxeViolations(desk, 'search terms, refused');
    await terms.languageSwitch.click();
    const en = new SearchTermsPage(desk, 'en');
    await expect(en.heading).toHaveText(en.text.refused);
    await expectNoAxeViolations(desk, 'search terms, refused, in English');
    await desk.context().close();
  });
});
