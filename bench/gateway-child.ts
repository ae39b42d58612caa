// Starts the gateway as its own process pinned to core 0 (taskset), with a config written to a temp folder, and
// stops it for sure: SIGTERM (graceful: drainers stop, the store closes), then SIGKILL after a bounded wait.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Built by scripts/build.mjs; BENCH_GATEWAY_BUNDLE names another build, e.g. to compare two versions. */
const gatewayBundle = () => process.env['BENCH_GATEWAY_BUNDLE'] ?? 'dist/gateway.mjs';
/** The flags `npm start` gives node (package.json; why: README, Benchmarks). */
const GATEWAY_NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=4', '--single-threaded-gc', '--no-allocation-site-pretenuring', '--heap-growing-percent=100'];
/** More node flags for profiling sessions, e.g. BENCH_NODE_FLAGS=--perf-basic-prof (space-separated), read at each start. */
const extraNodeFlags = () => (process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter(Boolean);

export interface GatewayChild {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** The temp folder holding the config and the SQLite file. */
  folder: string;
  /** CPU time the gateway process has used so far (user + system), s; NaN where /proc is missing. */
  cpuSeconds(): number;
  /** The part of it spent in the kernel (system time: its sockets' TCP work, among others), s. */
  kernelCpuSeconds(): number;
  /** Stops the process (bounded: 10 s, then SIGKILL) and removes the folder. */
  stop(): Promise<void>;
}

/**
 * `config(folder)` returns the gateway configuration (JSON is YAML) for a fresh temp folder. One node process
 * running the bundle `npm start` runs (built by `npm run bench` first), so that the pid we signal is the
 * gateway itself and the figures are those of the production build.
 */
export async function startGatewayChild(config: (folder: string) => unknown, startTimeoutMs = 20_000): Promise<GatewayChild> {
  const folder = mkdtempSync(join(tmpdir(), 'gateway-bench-queue-'));
  const configFile = join(folder, 'gateway.yaml');
  writeFileSync(configFile, JSON.stringify(config(folder), null, 2));
  const child = spawn('taskset', ['-c', '0', process.execPath, ...GATEWAY_NODE_FLAGS, ...extraNodeFlags(), gatewayBundle()], {
    env: { ...process.env, GATEWAY_CONFIG: configFile },
    stdio: ['ignore', process.env['BENCH_CHILD_STDOUT'] ? openSync(process.env['BENCH_CHILD_STDOUT'], 'w') : 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    await stopChild(child, exited);
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const url = await listeningUrl(child, exited, startTimeoutMs);
    return { url, folder, stop, cpuSeconds: () => cpuSecondsOf(child.pid), kernelCpuSeconds: () => cpuSecondsOf(child.pid, 'kernel') };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves with the URL the gateway prints on stderr once it listens ("API: http://…/v1/…"). */
function listeningUrl(child: ChildProcess, exited: Promise<void>, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    let listening = false;
    const timer = setTimeout(() => reject(new Error(`the gateway did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (listening) return; // keep reading so the pipe never fills, but keep nothing
      output += chunk.toString('utf8');
      const match = /API:\s+(http:\/\/\S+)\/v1/.exec(output);
      if (match) {
        listening = true;
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited before listening:\n${output}`));
    });
  });
}

/** utime + stime from /proc/<pid>/stat, in clock ticks of 1/100 s (Linux's USER_HZ). */
function cpuSecondsOf(pid: number | undefined, part: 'all' | 'kernel' = 'all'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks (100 a second on Linux).
    return ((part === 'kernel' ? 0 : Number(fields[11])) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
