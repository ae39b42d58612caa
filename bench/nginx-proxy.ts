// The uncached yardstick of the project's numbers: nginx proxying the same upstream (the population simulator)
// with nothing else to do, on the gateway's core, one worker, keep-alive to the upstream as the gateway keeps it.
// Clients send it the upstream's own requests (token, JSON body), so it measures the hop, not a translation.
// Absent nginx, undefined.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxBinary } from '../tests/deploy/nginx-site.ts';
import { freePort } from '../tests/support/free-port.ts';
import { runNginx, type NginxFront } from './nginx-front.ts';

/** nginx forwarding every path to the upstream, at `url`. */
export async function startNginxProxy(upstreamUrl: string): Promise<NginxFront | undefined> {
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
  // Any answer from the upstream through nginx will do: the simulator's sample list.
  return runNginx(folder, `http://127.0.0.1:${port}`, '/__sim/sample', 4096);
}
