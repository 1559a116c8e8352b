// Lighthouse (mobile profile) on a signed-in page: Chromium started here, given the session's cookies
// as the browser keeps them (so the app sees its signed-in mark too), and not cleared before the run.
// Usage: node signed-in.mjs URL OUTPUT.json 'name=value; name=value'
import puppeteer from 'puppeteer-core';
import lighthouse from 'lighthouse';
import { writeFileSync } from 'node:fs';

const [url, output, cookies] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: 'new',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage();
  const { hostname } = new URL(url);
  await page.setCookie(...cookies.split('; ').map((c) => {
    const at = c.indexOf('=');
    return { name: c.slice(0, at), value: c.slice(at + 1), domain: hostname, path: '/' };
  }));
  const result = await lighthouse(url, {
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    disableStorageReset: true,
  }, undefined, page);
  writeFileSync(output, result.report);
} finally {
  await browser.close();
}
