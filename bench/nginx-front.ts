// The shipped nginx site (deploy/nginx/) in front of the benchmark's gateway, as a province runs it: on the gateway's
// core, one worker, plain HTTP on loopback (the benchmark measures its limits, not TLS). Absent nginx, undefined.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxBinary, nginxMainConfig, SITE, siteOnLoopback } from '../tests/deploy/nginx-site.ts';
import { freePort } from '../tests/support/free-port.ts';

export interface NginxFront {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  stop(): Promise<void>;
}

export async function startNginxFront(gatewayUrl: string): Promise<NginxFront | undefined> {
  if (!nginxBinary) return undefined;
  const folder = mkdtempSync(join(tmpdir(), 'gateway-bench-nginx-'));
  const ports = { https: await freePort(), http: await freePort(), gateway: Number(new URL(gatewayUrl).port) };
  writeFileSync(join(folder, 'site.conf'), siteOnLoopback(readFileSync(SITE, 'utf8'), folder, ports, { tls: false }));
  return runNginx(folder, `http://127.0.0.1:${ports.https}`, '/health/live', 8192);
}

/**
 * Starts nginx on core 0 with `folder`'s site.conf (written by the caller), and resolves once `probePath` answers
 * below 500 at `url`; stopping it removes the folder.
 */
export async function runNginx(folder: string, url: string, probePath: string, workerConnections: number): Promise<NginxFront> {
  writeFileSync(join(folder, 'nginx.conf'), nginxMainConfig(folder, workerConnections));
  const nginx = spawn('taskset', ['-c', '0', nginxBinary!, '-p', folder, '-c', join(folder, 'nginx.conf'), '-e', join(folder, 'error.log')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => nginx.once('exit', () => resolve()));
  const stop = async () => {
    if (nginx.exitCode === null) {
      nginx.kill('SIGQUIT');
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt += 1) {
    if (await fetch(`${url}${probePath}`).then((response) => response.status < 500, () => false)) return { url, stop };
    if (nginx.exitCode !== null || attempt === 100) {
      const log = readIfThere(join(folder, 'error.log'));
      await stop();
      throw new Error(`nginx did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** nginx may die before it writes its log: its absence must not hide why. */
function readIfThere(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return `(no ${path})`;
  }
}
