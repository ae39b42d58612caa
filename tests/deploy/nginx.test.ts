// The nginx site of deploy/nginx/ in front of a real gateway: nginx runs as this user from a temp prefix, on
// loopback ports, with a throwaway self-signed certificate. Skips (saying why) where nginx or openssl is missing.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { findProgram } from './programs.ts';
import { nginxBinary, nginxMainConfig, SITE, siteOnLoopback, type SitePorts } from './nginx-site.ts';
import { maskPersonalText } from '../../src/domain/personal-text.ts';
import { freePort } from '../support/free-port.ts';

const opensslBinary = findProgram('openssl');
const missing = !nginxBinary ? 'no nginx binary on this machine (apt-get install nginx-light; .ci/run does)'
  : !opensslBinary ? 'no openssl on this machine to make a test certificate' : undefined;

describe('nginx in front of the gateway', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gateway-nginx-'));
  let gateway: TestGateway;
  let nginx: ChildProcess | undefined;
  let nginxOutput = '';
  let base = '';
  let ports: SitePorts;
  let tls: Agent;

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { dispatcher: tls, headers: { ...gateway.headers, ...headers } });

  beforeAll(async () => {
    if (missing) return;
    execFileSync(opensslBinary!, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(folder, 'key.pem'), '-out', join(folder, 'cert.pem')], { stdio: 'pipe' });
    tls = new Agent({ connect: { ca: readFileSync(join(folder, 'cert.pem'), 'utf8') } });
    gateway = await startTestGateway();
    ports = { https: await freePort(), http: await freePort(), gateway: Number(new URL(gateway.url).port) };
    writeFileSync(join(folder, 'site.conf'), siteOnLoopback(readFileSync(SITE, 'utf8'), folder, ports));
    writeFileSync(join(folder, 'nginx.conf'), nginxMainConfig(folder));
    nginx = spawn(nginxBinary!, ['-p', folder, '-c', join(folder, 'nginx.conf'), '-e', join(folder, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stdout!.on('data', (chunk: Buffer) => { nginxOutput += chunk.toString('utf8'); });
    nginx.stderr!.on('data', (chunk: Buffer) => { nginxOutput += chunk.toString('utf8'); });
    base = `https://127.0.0.1:${ports.https}`;
    await eventually(async () => {
      if (nginx!.exitCode !== null) throw new Error(`nginx exited (${nginx!.exitCode}):\n${nginxOutput}\n${readFileSync(join(folder, 'error.log'), 'utf8')}`);
      return fetch(`${base}/health/live`, { dispatcher: tls }).then((response) => response.ok || undefined, () => undefined);
    });
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await tls?.close();
    await gateway?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers a lookup over HTTPS from the gateway behind it', async (context) => {
    if (missing) context.skip(missing);
    const response = await get('/v1/citizens/051190000123');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { personalId: string } }).data.personalId).toBe('051190000123');
  });

  it('sends plain HTTP to HTTPS', async (context) => {
    if (missing) context.skip(missing);
    const response = await fetch(`http://127.0.0.1:${ports.http}/v1/citizens/051190000123`, { redirect: 'manual' });
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe('https://127.0.0.1/v1/citizens/051190000123');
  });

  it("passes the client's X-Request-Id through, and gives one of nginx's own to a request without it", async (context) => {
    if (missing) context.skip(missing);
    const offered = await get('/v1/citizens/051190000123', { 'X-Request-Id': 'commune-app-req-0001' });
    expect(offered.headers.get('x-request-id')).toBe('commune-app-req-0001');
    const unnamed = await get('/health/live');
    const id = unnamed.headers.get('x-request-id') ?? '';
    // nginx's $request_id (32 hex digits), kept by the gateway, which masks a run of nine or more decimal digits in
    // any request id as it would a citizen's ID (a random hex id holds such a run now and then).
    expect(id).toMatch(/^[0-9a-f*]{32}$/);
    const nginxIds = () => [...readFileSync(join(folder, 'access.log'), 'utf8').matchAll(/id=([0-9a-f]{32})/g)].map((match) => match[1]!);
    const nginxId = await eventually(() => nginxIds().find((candidate) => maskPersonalText(candidate) === id));
    expect(nginxId).toHaveLength(32);
    expect(gateway.logs.join('')).toContain(id);
  });

  it('keeps personal IDs out of its access log', async (context) => {
    if (missing) context.skip(missing);
    await get('/v1/citizens/051190000123');
    const log = await eventually(() => readFileSync(join(folder, 'access.log'), 'utf8') || undefined);
    expect(log).toContain('GET 200');
    expect(log).not.toContain('051190000123');
  });

  // Last: it spends this address's allowance.
  it('answers a burst from one address beyond its allowance with 429 problems', async (context) => {
    if (missing) context.skip(missing);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof get>> | undefined;
    // One request after another on one keep-alive connection: the request limit, not the connection limit.
    for (let i = 0; i < 160 && !limited; i++) {
      const response = await get('/health/live', { 'Accept-Language': 'en' });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.arrayBuffer();
    }
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(100); // the burst
    expect(limited?.status).toBe(429);
    expect(limited!.headers.get('content-type')).toBe('application/problem+json');
    expect(limited!.headers.get('retry-after')).toBe('1');
    expect(await limited!.json()).toEqual({
      type: 'urn:commune-gateway:problem:rate-limited', title: 'Too many requests from this address', status: 429, retryAfterSeconds: 1,
    });
  });
});
