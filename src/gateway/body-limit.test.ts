import { describe, expect, it } from 'vitest';
import type { Adapters } from '../adapters/contract.ts';
import type { VerificationService } from '../queue/service.ts';
import { createApp } from './app.ts';
import { sha256Hex } from '../keys/sha256.ts';
import type { Logger, Services, UpstreamCaller } from './services.ts';

const KEY = 'key-xa-son-thuy-0001';
const ADMIN_KEY = 'admin-key-0123456789abcdef';
const LIMIT = 4_096;
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
const unused: UpstreamCaller = { deadlineMs: () => 3000, execute: async () => { throw new Error('unused'); } };
// Validation and the limit both come before the service: any call to it is a test failure.
const noService = new Proxy({}, { get: () => () => { throw new Error('the body should not reach the service'); } }) as VerificationService;

async function appWith(maxBodyBytes: number | 'default' = LIMIT) {
  const services: Services = {
    adapters: {} as Adapters,
    upstreams: { population: unused, 'civil-status': unused, land: unused },
    clients: [{ name: 'Xã Sơn Thủy', keySha256: await sha256Hex(KEY), communes: ['21085'], mayReadReligion: false }],
    logger: silent, now: Date.now, newId: () => 'req-00000001', maxRequestTimeoutMs: 5000, verifications: noService,
    admin: { keySha256: await sha256Hex(ADMIN_KEY), maintenance: { add: noService.submit as never, list: () => [] } },
    ...(maxBodyBytes === 'default' ? {} : { maxBodyBytes }),
  };
  return createApp(services);
}

const headers = { Authorization: `Bearer ${KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-ket-hon', 'Idempotency-Key': 'k-1', 'Content-Type': 'application/json' };

/** A body of `totalBytes` in 1 KiB chunks that counts how much of it the app pulled. */
function countedBody(totalBytes: number) {
  const counter = { pulled: 0 };
  const chunk = new TextEncoder().encode(`{"k":"${'x'.repeat(1_024 - 8)}",`.slice(0, 1_024));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= totalBytes) return controller.close();
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
  return { stream, counter };
}

type Json = Record<string, unknown>;

describe('request body limit (server.maxBodyBytes)', () => {
  it('refuses a body whose Content-Length is over the limit with a 413 problem in Vietnamese, without reading it', async () => {
    const app = await appWith();
    const { stream, counter } = countedBody(1_048_576);
    const request = new Request('http://gateway/v1/verifications', {
      method: 'POST', headers: { ...headers, 'Content-Length': '1048576' }, body: stream, duplex: 'half',
    } as RequestInit);
    const response = await app.request(request);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as Json;
    expect(body).toMatchObject({ type: 'urn:commune-gateway:problem:payload-too-large', status: 413, title: 'Thân yêu cầu quá lớn', maxBodyBytes: LIMIT });
    expect(body['detail']).toContain('4096');
    expect(counter.pulled).toBe(0);
  });

  it('refuses a body declared over the limit without even opening its stream (on Node, opening it starts the upload flowing in)', async () => {
    const app = await appWith();
    const request = new Request('http://gateway/v1/verifications', { method: 'POST', headers: { ...headers, 'Content-Length': '20000000' }, body: '{}' });
    let opened = 0;
    const body = request.body;
    Object.defineProperty(request, 'body', { get: () => ((opened += 1), body) });
    const response = await app.request(request);
    expect(response.status).toBe(413);
    expect(opened).toBe(0);
  });

  it('answers the 413 in English with Accept-Language: en', async () => {
    const app = await appWith();
    const response = await app.request('/v1/verifications', { method: 'POST', headers: { ...headers, 'Accept-Language': 'en' }, body: 'x'.repeat(LIMIT + 1) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as Json)['title']).toBe('The request body is too large');
  });

  it('refuses a chunked body without Content-Length as soon as it passes the limit, reading no further', async () => {
    const app = await appWith();
    const { stream, counter } = countedBody(1_048_576);
    const request = new Request('http://gateway/v1/verifications', { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    const response = await app.request(request);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(counter.pulled).toBeLessThanOrEqual(LIMIT + 1_024);
  });

  it('lets a body within the limit through to validation', async () => {
    const app = await appWith();
    const response = await app.request('/v1/verifications', { method: 'POST', headers, body: JSON.stringify({ type: 'x', pad: 'y'.repeat(LIMIT - 100) }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json)['type']).toBe('urn:commune-gateway:problem:validation');
  });

  it('limits admin routes too, before the admin key is checked', async () => {
    const app = await appWith();
    const response = await app.request('/v1/admin/maintenance', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(LIMIT + 1) });
    expect(response.status).toBe(413);
  });

  it('defaults to 16 KiB, room for any valid verification body', async () => {
    const app = await appWith('default');
    const over = await app.request('/v1/verifications', { method: 'POST', headers, body: 'x'.repeat(16_385) });
    expect(over.status).toBe(413);
    const within = await app.request('/v1/verifications', { method: 'POST', headers, body: JSON.stringify({ pad: 'y'.repeat(16_000) }) });
    expect(within.status).toBe(400);
  });
});
