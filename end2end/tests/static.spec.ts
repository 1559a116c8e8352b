import { expect, test } from './fixtures/test';

test.describe('static files and headers', () => {
  test('robots.txt is the real file, not the app', async ({ request }) => {
    const response = await request.get('/robots.txt');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/plain/);
    const body = await response.text();
    expect(body).toMatch(/^User-agent: \*/m);
    expect(body).not.toMatch(/<html/i);
  });

  test('manifest.webmanifest is the real file, not the app', async ({ request }) => {
    const response = await request.get('/manifest.webmanifest');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).not.toContain('text/html');
    const manifest = JSON.parse(await response.text());
    expect(manifest.short_name).toBe('Một Cửa');
    expect(manifest.start_url).toBe('/');
    for (const icon of manifest.icons as { src: string }[]) {
      expect((await request.get(icon.src)).status(), icon.src).toBe(200);
    }
  });

  test('a missing file is a 404, not the app', async ({ request }) => {
    const response = await request.get('/khong-co-tep-nay.txt');
    expect(response.status()).toBe(404);
    expect(await response.text()).not.toMatch(/<html/i);
  });

  test('the page has a Content-Security-Policy and the journey home → search → procedure logs no errors', async ({
    home,
    results,
    detail,
    page,
  }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.exposeFunction('reportCspViolation', (v: string) => errors.push(`CSP: ${v}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
          `${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`,
        );
      });
    });

    const response = await page.goto('/');
    const csp = response?.headers()['content-security-policy'];
    expect(csp, 'Content-Security-Policy header').toBeDefined();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');

    await home.waitForApp();
    await expect(home.fieldLinks.first()).toBeVisible();
    // Type as a person does and submit once the suggestions show (submitting faster trips a known
    // bug, covered in suggestions.spec.ts).
    await home.searchBox.type('khai sinh');
    await expect(home.searchBox.listbox).toBeVisible();
    await home.searchBox.input.press('Enter');
    await results.waitForResults();
    const first = results.links.first();
    const name = (await first.textContent())!.trim();
    await first.click();
    await expect(page).toHaveURL(/\/thu-tuc\//);
    await detail.expectHeading(name);
    await expect(detail.documents).toBeVisible();

    expect(errors).toEqual([]);
  });
});
