// The browser tests' one way to start Chromium: the build the global setup found (tests/support/chromium.ts).
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

const lookup = inject('chromium');

/** Why the browser tests cannot run here, or undefined when they can: for describe.skipIf. */
export const noChromium: string | undefined = 'missing' in lookup ? lookup.missing : undefined;

export function launchChromium(): Promise<Browser> {
  if (!('found' in lookup)) throw new Error(lookup.missing);
  const { executablePath, env } = lookup.found;
  // A fresh profile (launch's default temporary user-data-dir) each time.
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, env: { ...process.env, ...env } as Record<string, string> });
}
