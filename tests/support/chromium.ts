// Which Chromium the browser tests drive. In order: CHROMIUM_PATH; a system Chromium or Chrome; the build that the
// @sparticuz/chromium dev dependency ships inside its npm package (made for AWS Lambda, but its binary needs only
// glibc, and the NSS and expat libraries it lacks come with it); else none, and the browser tests skip saying why.
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { createRequire } from 'node:module';

/** What the tests need to launch it; plain data, since vitest hands it from the global setup to the test files. */
export interface ChromiumBuild {
  executablePath: string;
  /** Where it came from, for the run's log. */
  source: string;
  /** Extra environment for the browser process (the npm build's own libraries). */
  env: Record<string, string>;
}

export type ChromiumLookup = { found: ChromiumBuild } | { missing: string };

export interface ChromiumSources {
  env: NodeJS.ProcessEnv;
  isExecutable(path: string): boolean;
  /** The npm-shipped build, unpacked; undefined where it is not installed or not for this platform. */
  npmBuild(): Promise<ChromiumBuild | undefined>;
}

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const NO_CHROMIUM = 'no Chromium found: set CHROMIUM_PATH, install one (Debian: `apt-get install chromium`), '
  + 'or run `npm install` on linux-x64, which brings @sparticuz/chromium';

export async function findChromium(sources: ChromiumSources): Promise<ChromiumLookup> {
  const given = sources.env['CHROMIUM_PATH'];
  if (given) {
    // A path set on purpose that does not work is a mistake to report, not a reason to quietly skip.
    if (!sources.isExecutable(given)) throw new Error(`CHROMIUM_PATH=${given} is not an executable file`);
    return { found: { executablePath: given, source: 'CHROMIUM_PATH', env: {} } };
  }
  const onPath = (sources.env['PATH'] ?? '').split(delimiter).filter(Boolean)
    .flatMap((folder) => SYSTEM_NAMES.map((name) => join(folder, name)));
  const system = [...SYSTEM_PATHS, ...onPath].find((path) => sources.isExecutable(path));
  if (system) return { found: { executablePath: system, source: 'system', env: {} } };
  const shipped = await sources.npmBuild();
  if (shipped) return { found: shipped };
  return { missing: NO_CHROMIUM };
}

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Unpacks @sparticuz/chromium's brotli files once per version into node_modules/.cache. The package itself unpacks
 * into os.tmpdir() at fixed names, shared by every checkout and racing between parallel runs; here each run unpacks
 * into its own staging folder and renames it into place, so a reader never sees a half-written binary.
 */
export async function unpackNpmChromium(): Promise<ChromiumBuild | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  } catch {
    return undefined;
  }
  const packageFolder = dirname(dirname(entry));
  const { version } = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8')) as { version: string };
  const cache = join(packageFolder, '..', '..', '.cache', `sparticuz-chromium-${version}`);
  const build: ChromiumBuild = {
    executablePath: join(cache, 'chromium'),
    source: `@sparticuz/chromium ${version}`,
    env: { LD_LIBRARY_PATH: [join(cache, 'al2023', 'lib'), process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':') },
  };
  if (existsSync(build.executablePath)) return build;

  const { inflate } = (await import('@sparticuz/chromium')) as { inflate(file: string): Promise<string> };
  const staging = `${cache}.${process.pid}`;
  mkdirSync(staging, { recursive: true });
  try {
    // inflate() writes under os.tmpdir(), which it reads synchronously at the call: point it at the staging folder.
    const tmpdirBefore = process.env['TMPDIR'];
    process.env['TMPDIR'] = staging;
    let unpacking: Promise<string>[];
    try {
      unpacking = ['chromium.br', 'swiftshader.tar.br', 'al2023.tar.br'].map((file) => inflate(join(packageFolder, 'bin', file)));
    } finally {
      if (tmpdirBefore === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = tmpdirBefore;
    }
    await Promise.all(unpacking);
    try {
      renameSync(staging, cache);
    } catch (error) {
      // Another run put the same version in place first: use that one.
      if (!existsSync(build.executablePath)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return build;
}
