// Fresh cache hits take the synchronous path (UpstreamCaller.cached): same answers, headers, audit and health
// records as through the policies, with the real pipeline behind the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapters } from '../adapters/contract.ts';
import { ConfigSchema } from '../config/schema.ts';
import type { Citizen } from '../domain/citizen.ts';
import { NotFoundError } from '../domain/errors.ts';
import { createApp } from '../gateway/app.ts';
import { sha256Hex } from '../keys/sha256.ts';
import type { Logger } from '../gateway/services.ts';
import { createUpstreamCallers, type CallRecord, type UpstreamCallers } from '../services/upstream-callers.ts';
import { TEST_CITIZEN as citizen } from '../gateway/citizen-fixture.ts';

const KEY = 'test-key-0123456789';
const FOUND = '051190000123';
const MISSING = '051190000124';
const headers = { Authorization: `Bearer ${KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-khai-sinh' };

const lines: Record<string, unknown>[] = [];
const logger: Logger = {
  info: (object) => void lines.push(object as Record<string, unknown>), warn() {}, error() {}, debug() {}, child: () => logger,
};
let upstreamCalls = 0;
const adapters = {
  population: {
    upstream: 'population',
    lookupCitizen: async (personalId: string) => {
      upstreamCalls += 1;
      if (personalId === FOUND) return citizen;
      throw new NotFoundError('no such citizen', { upstream: 'population' });
    },
  },
} as unknown as Adapters;
const config = ConfigSchema.parse({
  upstreams: {
    population: { baseUrl: 'http://127.0.0.1:1', clientId: 'c', clientSecret: 's' },
    civilStatus: { baseUrl: 'http://127.0.0.1:2', username: 'u', password: 'p' },
    land: { baseUrl: 'http://127.0.0.1:3', username: 'u', password: 'p' },
  },
});
const records: CallRecord[] = [];
let callers: UpstreamCallers;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  callers = createUpstreamCallers({ config, now: Date.now, onCall: (record) => records.push(record) });
  app = createApp({
    adapters, upstreams: callers.callers, logger, now: Date.now, newId: () => crypto.randomUUID(), maxRequestTimeoutMs: 5000,
    clients: [{ name: 'Xã Sơn Thủy', keySha256: await sha256Hex(KEY), communes: ['21085'], mayReadReligion: false }],
  });
});

afterAll(() => callers.dispose());

describe('fresh cache hits', () => {
  it('answer like the first lookup, marked as a hit, without calling the upstream, audited and recorded', async () => {
    const first = await app.request(`/v1/citizens/${FOUND}`, { headers });
    const second = await app.request(`/v1/citizens/${FOUND}`, { headers });
    expect(upstreamCalls).toBe(1);
    expect(second.status).toBe(200);
    expect(second.headers.get('cache-status')).toMatch(/^gateway; hit; ttl=\d+$/);
    expect(second.headers.get('x-request-id')).toBeTruthy();
    expect(second.headers.get('age')).toBe('0');
    expect(first.headers.get('age')).toBe('0');
    const [a, b] = (await Promise.all([first.json(), second.json()])) as { data: Citizen; meta: { freshness: string } }[];
    expect(b!.data).toEqual(a!.data);
    expect(b!.data).not.toHaveProperty('religion');
    expect(b!.meta.freshness).toBe('cached');
    expect(lines.at(-1)).toMatchObject({ status: 200, audit: { operation: 'lookupCitizen', outcome: 'cached', subjectRef: ['051*******23'] } });
    expect(records.at(-1)).toMatchObject({ upstream: 'population', operation: 'lookupCitizen', ok: true, freshness: 'cached' });
  });

  it('answer a remembered not-found with the same 404 problem, audited', async () => {
    const first = await app.request(`/v1/citizens/${MISSING}`, { headers });
    const calls = upstreamCalls;
    const second = await app.request(`/v1/citizens/${MISSING}`, { headers });
    expect(upstreamCalls).toBe(calls);
    expect(second.status).toBe(404);
    expect(second.headers.get('content-type')).toBe('application/problem+json');
    expect(await second.json()).toEqual(await first.json());
    expect(lines.at(-1)).toMatchObject({ status: 404, audit: { outcome: 'not-found' } });
    expect(records.at(-1)).toMatchObject({ ok: false, errorCode: 'not-found' });
  });

  it('are skipped by Cache-Control: no-cache', async () => {
    const calls = upstreamCalls;
    const response = await app.request(`/v1/citizens/${FOUND}`, { headers: { ...headers, 'Cache-Control': 'no-cache' } });
    expect(response.status).toBe(200);
    expect(upstreamCalls).toBe(calls + 1);
    expect(response.headers.get('cache-status')).toMatch(/fwd=request/);
  });
});
