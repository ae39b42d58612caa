// Vitest global setup of the `browser` project: finds Chromium once per run (unpacking the npm build at most once)
// and hands the result to the test files as inject('chromium'); without one they skip, and the run's log says why.
import type { TestProject } from 'vitest/node';
import { findChromium, isExecutableFile, unpackNpmChromium, type ChromiumLookup } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumLookup;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const startedAt = performance.now();
  const lookup = await findChromium({ env: process.env, isExecutable: isExecutableFile, npmBuild: unpackNpmChromium });
  if ('found' in lookup) {
    const ms = Math.round(performance.now() - startedAt);
    console.info(`Browser tests: Chromium from ${lookup.found.source} (${lookup.found.executablePath}), found in ${ms} ms`);
  } else {
    console.warn(`Browser tests SKIPPED: ${lookup.missing}`);
  }
  project.provide('chromium', lookup);
}
