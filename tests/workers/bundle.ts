// Bundles the Worker as `npm run deploy:worker -- --dry-run` does (wrangler, offline, no account) into a folder.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..');

/** A module of the upload as Miniflare takes it: the entry, or a file wrangler.toml's [[rules]] carry beside it. */
export interface BundledModule {
  type: 'ESModule' | 'Text' | 'Data';
  path: string;
  contents: string | Uint8Array;
}

export interface WorkerBundle {
  /** The bundled module, as wrangler would upload it. */
  scriptPath: string;
  /** The entry first, then the text and data modules it imports (the catalogue's CSVs, Swagger UI's files). */
  modules: BundledModule[];
  /** All modules together. */
  bytes: number;
  /** What wrangler prints as "Total Upload: … / gzip: …". */
  uploadLine: string;
}

export async function bundleWorker(): Promise<WorkerBundle> {
  const outdir = mkdtempSync(join(tmpdir(), 'gateway-worker-'));
  const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' }, maxBuffer: 16 * 1024 * 1024,
  });
  const scriptPath = join(outdir, 'worker.js');
  // Wrangler names the carried files `<sha1>-<name>`; their type follows the [[rules]] of wrangler.toml.
  const carried = readdirSync(outdir).filter((name) => /^[0-9a-f]{40}-/.test(name)).map((name): BundledModule => {
    const path = join(outdir, name);
    return name.endsWith('.png') ? { type: 'Data', path, contents: readFileSync(path) } : { type: 'Text', path, contents: readFileSync(path, 'utf8') };
  });
  const modules: BundledModule[] = [{ type: 'ESModule', path: scriptPath, contents: readFileSync(scriptPath, 'utf8') }, ...carried];
  const bytes = [scriptPath, ...carried.map((module) => module.path)].reduce((sum, path) => sum + statSync(path).size, 0);
  return { scriptPath, modules, bytes, uploadLine: stdout.split('\n').find((line) => line.includes('Total Upload')) ?? '' };
}
