// The production transport behind the adapters' FetchLike, against a real HTTP server on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamPool, MAX_ANSWER_BYTES, type UpstreamPool } from './pools.ts';

let server: Server;
let origin: string;
let pool: UpstreamPool;
const seen: { method: string; url: string; body: string; header: string | undefined }[] = [];
let hangingResponseClosed: Promise<void> | undefined;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', body, header: request.headers['x-phien'] as string | undefined });
      if (request.url === '/hang') {
        hangingResponseClosed = new Promise((resolve) => response.once('close', () => resolve()));
        return;
      }
      if (request.url === '/half') {
        hangingResponseClosed = new Promise((resolve) => response.once('close', () => resolve()));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"maKetQua":');
        return;
      }
      if (request.url === '/huge') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('x'.repeat(MAX_ANSWER_BYTES + 1));
        return;
      }
      if (request.url === '/big') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('x'.repeat(256 * 1024));
        return;
      }
      response.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '7', 'set-cookie': ['a=1', 'b=2'] });
      response.end(JSON.stringify({ hoVaTen: 'NGUYỄN VĂN AN' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pool = createUpstreamPool(`${origin}/prefix/`, 1);
});

afterAll(async () => {
  await pool.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('upstream pool transport', () => {
  it('sends method, path with query, headers and body, and reads status, headers and UTF-8 text', async () => {
    const signal = new AbortController().signal;
    const response = await pool.fetch(`${origin}/prefix/tra-cuu?wsdl`, { method: 'POST', headers: { 'x-phien': 'abc' }, body: '{"a":1}', signal });
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/prefix/tra-cuu?wsdl', body: '{"a":1}', header: 'abc' });
    expect(response.status).toBe(503);
    expect(response.ok).toBe(false);
    expect(response.headers.get('Retry-After')).toBe('7');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(response.headers.get('x-missing')).toBeNull();
    expect(await response.text()).toBe('{"hoVaTen":"NGUYỄN VĂN AN"}');
  });

  it('frees the connection when a body is cancelled unread (one connection: the next call would wait forever)', async () => {
    const signal = new AbortController().signal;
    const big = await pool.fetch(`${origin}/big`, { method: 'GET', headers: {}, signal });
    await big.body?.cancel();
    const next = await pool.fetch(`${origin}/after`, { method: 'GET', headers: {}, signal });
    expect(next.status).toBe(503);
    await next.text();
  });

  it("rejects with the signal's reason when aborted, and the server sees the request dropped", async () => {
    const controller = new AbortController();
    const pending = pool.fetch(`${origin}/hang`, { method: 'GET', headers: {}, signal: controller.signal });
    await expect.poll(() => seen.at(-1)?.url).toBe('/hang');
    const reason = new Error('deadline');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await hangingResponseClosed;
  });

  it('rejects at once a request aborted while it waits for a connection', async () => {
    const holder = new AbortController();
    const holding = pool.fetch(`${origin}/hang`, { method: 'GET', headers: {}, signal: holder.signal });
    await expect.poll(() => seen.at(-1)?.url).toBe('/hang');
    const queued = new AbortController();
    const waiting = pool.fetch(`${origin}/never`, { method: 'GET', headers: {}, signal: queued.signal });
    const reason = new Error('caller gone');
    queued.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    holder.abort(new Error('done'));
    await expect(holding).rejects.toThrow('done');
    expect(seen.map((request) => request.url)).not.toContain('/never');
  });

  it("rejects the body's text with the signal's reason when aborted after the headers", async () => {
    const controller = new AbortController();
    const response = await pool.fetch(`${origin}/half`, { method: 'GET', headers: {}, signal: controller.signal });
    expect(response.status).toBe(200);
    const text = response.text();
    const reason = new Error('deadline');
    controller.abort(reason);
    await expect(text).rejects.toBe(reason);
    await hangingResponseClosed;
  });

  it('refuses an answer larger than its bound instead of holding it in memory', async () => {
    const signal = new AbortController().signal;
    const response = await pool.fetch(`${origin}/huge`, { method: 'GET', headers: {}, signal });
    await expect(response.text()).rejects.toThrow(/larger than/);
  });

  it('refuses a URL on another origin instead of sending it to this upstream', async () => {
    const signal = new AbortController().signal;
    await expect(pool.fetch('http://example.invalid/x', { method: 'GET', headers: {}, signal })).rejects.toThrow(/reached the pool of/);
  });
});
