// The fallback for machines without a Chromium: the build inside the @sparticuz/chromium npm package (made for AWS
// Lambda) unpacks once and runs here, with its own NSS and expat libraries, so `npm install` alone is enough.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { unpackNpmChromium } from '../support/chromium.ts';

const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';

// The package's unpacking, counted and passed through.
const unpacking = vi.hoisted(() => ({ files: 0 }));
vi.mock('@sparticuz/chromium', async (importOriginal) => {
  const original = await importOriginal<typeof import('@sparticuz/chromium')>();
  return { ...original, inflate: (file: string) => ((unpacking.files += 1), original.inflate(file)) };
});

describe.runIf(onLinuxX64)('the npm-shipped Chromium', () => {
  it('unpacks into the project and renders a Vietnamese page headless', async () => {
    const build = await unpackNpmChromium();
    expect(build, '@sparticuz/chromium is a dev dependency: is it installed?').toBeDefined();
    expect(build!.executablePath).toMatch(/node_modules\/\.cache\/sparticuz-chromium-[\d.]+\/chromium$/);
    expect(existsSync(build!.executablePath)).toBe(true);
    const browser = await chromium.launch({
      executablePath: build!.executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
      env: { ...process.env, ...build!.env } as Record<string, string>,
    });
    try {
      const page = await browser.newPage();
      await page.setContent('<html lang="vi"><body><h1>Hoạt động bình thường</h1></body></html>');
      expect(await page.locator('h1').innerText()).toBe('Hoạt động bình thường');
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('unpacks only once: a second lookup reuses the same files', async () => {
    const first = await unpackNpmChromium();
    const filesUnpacked = unpacking.files;
    const second = await unpackNpmChromium();
    expect(second).toEqual(first);
    expect(unpacking.files).toBe(filesUnpacked);
  });
});
