// Bundles the Worker as `npm run deploy:worker -- --dry-run` does (wrangler, offline, no account) into a folder.
import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..');

export interface WorkerBundle {
  /** The bundled module, as wrangler would upload it. */
  scriptPath: string;
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
  return { scriptPath, bytes: statSync(scriptPath).size, uploadLine: stdout.split('\n').find((line) => line.includes('Total Upload')) ?? '' };
}
