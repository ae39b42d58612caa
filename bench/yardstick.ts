// Measures bare Hono (bench/bare-hono.ts) on core 0 at 50 connections, for scaling the cache-hit target to this
// machine: ARCHITECTURE.md's 25,000 req/s is for a machine where bare Hono does about 60,000.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maxThroughput, type ThroughputSummary } from './load.ts';

/** ARCHITECTURE.md: "a bare Hono route answering a cached 1 KB buffer does about 60,000 req/s". */
export const REFERENCE_BARE_HONO_RPS = 60_000;

export async function measureBareHono(body: Uint8Array, headers: Record<string, string>, seconds: number): Promise<ThroughputSummary> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-bare-hono-'));
  const bodyFile = join(folder, 'answer.json');
  writeFileSync(bodyFile, body);
  const child = spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', 'bench/bare-hono.ts'], {
    env: { ...process.env, BARE_BODY_FILE: bodyFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const match = /listening (\S+)/.exec(chunk.toString('utf8'));
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`bare Hono exited (${code}) before listening`)));
    });
    const target = `${url}/v1/citizens/051190000123`;
    await maxThroughput(target, headers, 50, 2); // warm-up
    return await maxThroughput(target, headers, 50, seconds);
  } finally {
    child.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  }
}
