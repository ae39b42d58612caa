// The status page in a real headless Chromium during an injected outage: Vietnamese first, then English, a
// screenshot as artifact, a phone-sized viewport, and the page refreshing itself without a reload.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE, startHealthGateway, type HealthGateway } from '../e2e/health-support.ts';
import { launchChromium, noChromium } from '../support/launch-chromium.ts';

let gateway: HealthGateway;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  gateway = await startHealthGateway();
  await gateway.waitForCheck('population', (check) => check.lastProbe?.outcome === 'ok');
  gateway.simulators!.population.faults.set({ down: true });
  await gateway.waitForCheck('population', (check) => check.state === 'down' && check.openIncident !== null, PROBE.intervalMs * PROBE.failureThreshold + 3_000);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // The page's timers run on a fake clock, so its 10-second refresh is tested without waiting 10 seconds.
  await page.clock.install();
  mkdirSync('test-artifacts', { recursive: true });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

describe.skipIf(noChromium)('status page in Chromium', () => {
  it('shows the down upstream and its incident in Vietnamese', async () => {
    await page.goto(`${gateway.url}/status`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await expect.poll(() => page.locator('#up-population .state-text').innerText()).toBe('Gián đoạn');
    expect(await page.locator('#up-population').innerText()).toContain('Các lần kiểm tra định kỳ liên tiếp không nhận được trả lời.');
    expect(await page.locator('#up-population').innerText()).toMatch(/Sự cố đang diễn ra từ \d{2}:\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
    expect(await page.locator('#up-land .state-text').innerText()).toBe('Hoạt động bình thường');
    const incident = page.locator('.incidents tbody tr').first();
    expect(await incident.innerText()).toContain('CSDL quốc gia về dân cư');
    expect(await incident.innerText()).toContain('Đang diễn ra');
    expect(await page.locator('.summary').innerText()).toContain('Có hệ thống đang gián đoạn');
    await page.screenshot({ path: 'test-artifacts/status-page-vi.png', fullPage: true });
  });

  it('switches to English with the visible switch and saves a screenshot', async () => {
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('#up-population .state-text').innerText()).toBe('Down');
    expect(await page.locator('.incidents tbody tr').first().innerText()).toContain('Ongoing');
    await page.screenshot({ path: 'test-artifacts/status-page.png', fullPage: true });
  });

  it('is readable on a phone: no sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-artifacts/status-page-phone.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('updates itself without a full reload when the upstream recovers', async () => {
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    gateway.simulators!.population.faults.clear();
    await gateway.waitForCheck('population', (check) => check.state === 'operational', PROBE.intervalMs * PROBE.successThreshold + 3_000);
    await page.clock.runFor(10_000);
    await expect.poll(() => page.locator('#up-population .state-text').innerText()).toBe('Operational');
    // Back to normal: no red "incident ongoing" box on the card while the incident waits to close.
    expect(await page.locator('#up-population').innerText()).not.toContain('Incident ongoing');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });
});
