// The nginx site of deploy/nginx/ moved onto loopback ports and a temp folder, for the deploy test and the abuse
// benchmark: nginx runs as the current user, one process, every path in the folder.
import { join } from 'node:path';
import { findProgram } from './programs.ts';

export const SITE = 'deploy/nginx/commune-gateway.conf';
export const nginxBinary = findProgram('nginx', ['/usr/sbin/nginx', '/usr/local/nginx/sbin/nginx']);

export interface SitePorts { https: number; http: number; gateway: number }

/**
 * The site as shipped with its ports, certificate and log paths replaced; each edit must apply exactly once.
 * `tls: false` serves the HTTPS server block as plain HTTP (the benchmark measures the limits, not encryption).
 */
export function siteOnLoopback(site: string, folder: string, ports: SitePorts, { tls = true } = {}): string {
  const certificate: Array<[string, string]> = tls
    ? [['/etc/ssl/commune-gateway/fullchain.pem', join(folder, 'cert.pem')], ['/etc/ssl/commune-gateway/privkey.pem', join(folder, 'key.pem')]]
    : [['ssl_certificate     /etc/ssl/commune-gateway/fullchain.pem;', ''], ['ssl_certificate_key /etc/ssl/commune-gateway/privkey.pem;', '']];
  const edits: Array<[string, string]> = [
    ['listen 443 ssl http2;', `listen 127.0.0.1:${ports.https}${tls ? ' ssl http2' : ''};`],
    ['listen [::]:443 ssl http2;', ''],
    ['listen 80;', `listen 127.0.0.1:${ports.http};`],
    ['listen [::]:80;', ''],
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${ports.gateway};`],
    ...certificate,
    ['/var/log/nginx/commune-gateway.access.log', join(folder, 'access.log')],
    ['/var/log/nginx/commune-gateway.error.log', join(folder, 'site-error.log')],
  ];
  return edits.reduce((text, [from, to]) => {
    const count = text.split(from).length - 1;
    if (count !== 1) throw new Error(`${SITE}: expected "${from}" once, found it ${count} times`);
    return text.replace(from, to);
  }, site);
}

/** A main config around the site (`site.conf` in the folder) that a non-root nginx can run. */
export function nginxMainConfig(folder: string, workerConnections = 512): string {
  const temp = (name: string) => `${name}_temp_path ${join(folder, name)};`;
  return `daemon off;
master_process off;
pid ${join(folder, 'nginx.pid')};
error_log ${join(folder, 'error.log')} notice;
events { worker_connections ${workerConnections}; }
http {
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  include ${join(folder, 'site.conf')};
}
`;
}
