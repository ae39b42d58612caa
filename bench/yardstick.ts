// The machine's yardsticks, run on core 0 like the gateway: bare Hono answering a cached buffer (bench/bare-hono.ts),
// for scaling the cache-hit target (the 25,000 req/s target is for a machine where it does about 60,000),
// and a bare Hono + undici pass-through proxy (bench/bare-proxy.ts), the floor under the gateway's overhead.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedRate, maxThroughput, type LatencySummary, type RequestSpec } from './load.ts';

/** The targets' reference: "a bare Hono route answering a cached 1 KB buffer does about 60,000 req/s". */
export const REFERENCE_BARE_HONO_RPS = 60_000;

/** Starts bare Hono answering `body` on core 0, warms it up, and hands `use` the URL of its citizen route. */
export async function withBareHono<T>(body: Uint8Array, headers: Record<string, string>, use: (url: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-bare-hono-'));
  const bodyFile = join(folder, 'answer.json');
  writeFileSync(bodyFile, body);
  try {
    return await withPinnedServer('bench/bare-hono.ts', { BARE_BODY_FILE: bodyFile }, async (url) => {
      const target = `${url}/v1/citizens/051190000123`;
      await maxThroughput(target, headers, 50, 2); // warm-up
      return use(target);
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The pass-through proxy at a fixed `rate`, after a 2 s warm-up; `spec` gives each request's path and headers. */
export function measureBareProxy(upstreamUrl: string, token: string, spec: () => RequestSpec, rate: number, seconds: number): Promise<LatencySummary> {
  return withPinnedServer('bench/bare-proxy.ts', { UPSTREAM_URL: upstreamUrl, UPSTREAM_TOKEN: token }, async (url) => {
    await fixedRate(url, spec, rate, 2);
    return fixedRate(url, spec, rate, seconds);
  });
}

/** Runs `script` under tsx pinned to core 0, hands its URL to `use`, and stops it. */
async function withPinnedServer<T>(script: string, env: Record<string, string>, use: (url: string) => Promise<T>): Promise<T> {
  const child = spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const match = /listening (\S+)/.exec(chunk.toString('utf8'));
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before listening`)));
    });
    return await use(url);
  } finally {
    child.kill('SIGTERM');
  }
}
