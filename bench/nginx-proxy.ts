// The uncached yardstick of the project's numbers: nginx proxying the same upstream (the population simulator)
// with nothing else to do, on the gateway's core, one worker, keep-alive to the upstream as the gateway keeps it.
// Clients send it the upstream's own requests (token, JSON body), so it measures the hop, not a translation.
// Absent nginx, undefined.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxBinary, nginxMainConfig } from '../tests/deploy/nginx-site.ts';
import { freePort } from '../tests/support/free-port.ts';

export interface NginxProxy {
  /** e.g. http://127.0.0.1:40123, forwarding every path to the upstream */
  url: string;
  stop(): Promise<void>;
}

export async function startNginxProxy(upstreamUrl: string): Promise<NginxProxy | undefined> {
  if (!nginxBinary) return undefined;
  const folder = mkdtempSync(join(tmpdir(), 'gateway-bench-nginx-proxy-'));
  mkdirSync(join(folder, 'logs'));
  const port = await freePort();
  writeFileSync(join(folder, 'site.conf'), `
upstream simulator { server ${new URL(upstreamUrl).host}; keepalive 32; }
server {
  listen 127.0.0.1:${port};
  access_log off;
  location / {
    proxy_pass http://simulator;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
  }
}
`);
  writeFileSync(join(folder, 'nginx.conf'), nginxMainConfig(folder, 4096));
  const nginx = spawn('taskset', ['-c', '0', nginxBinary, '-p', folder, '-c', join(folder, 'nginx.conf'), '-e', join(folder, 'error.log')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => nginx.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (nginx.exitCode === null) {
      nginx.kill('SIGQUIT');
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt += 1) {
    // Any answer from the upstream through nginx (the simulator's 404 for an unknown path will do).
    if (await fetch(`${url}/__sim/sample`).then((response) => response.status < 500, () => false)) return { url, stop };
    if (nginx.exitCode !== null || attempt === 100) {
      const log = (() => { try { return readFileSync(join(folder, 'error.log'), 'utf8'); } catch { return '(no error.log)'; } })();
      await stop();
      throw new Error(`nginx did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
