// The API docs (Swagger UI from local files) in a real headless Chromium: it works under the page's strict
// Content-Security-Policy (no violation reported), and an API key typed into "Authorize" is not kept in the browser.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { launchChromium, noChromium } from '../support/launch-chromium.ts';

let gateway: TestGateway;
let browser: Browser;
let page: Page;
const violations: string[] = [];
const requestsElsewhere: string[] = [];

beforeAll(async () => {
  gateway = await startTestGateway();
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(gateway.url) && !request.url().startsWith('data:')) requestsElsewhere.push(request.url());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`Refused to load (CSP) ${event.violatedDirective} ${event.blockedURI}`));
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

describe.skipIf(noChromium)('API docs in Chromium', () => {
  it('renders the operations under its Content-Security-Policy without a violation or a request elsewhere', async () => {
    const response = await page.goto(`${gateway.url}/docs`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.locator('.opblock').first().waitFor({ timeout: 45_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(5);
    expect(violations).toEqual([]);
    expect(requestsElsewhere).toEqual([]);
  }, 60_000);

  it('does not keep an API key typed into Authorize in the browser', async () => {
    await page.getByRole('button', { name: /authorize/i }).first().click();
    await page.locator('.modal-ux input[type="text"], .modal-ux input[type="password"]').first().fill(gateway.apiKey);
    await page.locator('.modal-ux button.authorize').click();
    await page.locator('.modal-ux button.btn-done, .modal-ux button.close-modal').first().click();
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toContain(gateway.apiKey);
    await page.reload();
    await page.locator('.opblock').first().waitFor({ timeout: 45_000 });
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(gateway.apiKey);
    expect(violations).toEqual([]);
  }, 60_000);
});
