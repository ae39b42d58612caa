// Where the browser tests find Chromium: CHROMIUM_PATH, then a system one, then the npm-shipped build, else a skip
// whose reason says what to install.
import { describe, expect, it, vi } from 'vitest';
import { findChromium, type ChromiumBuild, type ChromiumSources } from './chromium.ts';

const NPM_BUILD: ChromiumBuild = { executablePath: '/project/node_modules/.cache/chromium', source: '@sparticuz/chromium', env: { LD_LIBRARY_PATH: '/lib' } };

function machine(executables: string[], env: NodeJS.ProcessEnv = {}, npmBuild?: ChromiumBuild) {
  const sources = { env, isExecutable: (path: string) => executables.includes(path), npmBuild: vi.fn(async () => npmBuild) };
  return sources satisfies ChromiumSources;
}

describe('finding Chromium for the browser tests', () => {
  it('takes CHROMIUM_PATH before a system Chromium and the npm build', async () => {
    const sources = machine(['/opt/chrome/chrome', '/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/chrome/chrome' }, NPM_BUILD);
    expect(await findChromium(sources)).toEqual({ found: { executablePath: '/opt/chrome/chrome', source: 'CHROMIUM_PATH', env: {} } });
    expect(sources.npmBuild).not.toHaveBeenCalled();
  });

  it('fails loudly when CHROMIUM_PATH names no executable, instead of skipping', async () => {
    await expect(findChromium(machine(['/usr/bin/chromium'], { CHROMIUM_PATH: '/nowhere/chrome' }))).rejects.toThrow('CHROMIUM_PATH=/nowhere/chrome');
  });

  it('takes the Debian chromium package, then Chrome, before unpacking the npm build', async () => {
    const debian = machine(['/usr/bin/chromium', '/usr/bin/google-chrome'], {}, NPM_BUILD);
    expect(await findChromium(debian)).toMatchObject({ found: { executablePath: '/usr/bin/chromium', source: 'system' } });
    expect(debian.npmBuild).not.toHaveBeenCalled();
    expect(await findChromium(machine(['/usr/bin/google-chrome'], {}, NPM_BUILD))).toMatchObject({ found: { executablePath: '/usr/bin/google-chrome' } });
  });

  it('finds a Chromium on PATH outside /usr/bin', async () => {
    const sources = machine(['/snap/bin/chromium'], { PATH: '/usr/local/bin:/snap/bin' }, NPM_BUILD);
    expect(await findChromium(sources)).toMatchObject({ found: { executablePath: '/snap/bin/chromium', source: 'system' } });
  });

  it('falls back to the npm-shipped build on a machine without a Chromium', async () => {
    expect(await findChromium(machine([], { PATH: '/usr/bin' }, NPM_BUILD))).toEqual({ found: NPM_BUILD });
  });

  it('gives a skip reason naming what to install when there is none at all', async () => {
    const lookup = await findChromium(machine([], { PATH: '/usr/bin' }));
    expect(lookup).toEqual({ missing: expect.stringContaining('no Chromium found') });
    const { missing } = lookup as { missing: string };
    expect(missing).toContain('CHROMIUM_PATH');
    expect(missing).toContain('apt-get install chromium');
    expect(missing).toContain('@sparticuz/chromium');
  });
});
