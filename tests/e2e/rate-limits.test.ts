// Per-client rate limits end to end: one API key's burst is throttled with 429s, other keys keep their answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/keys/sha256.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { fetchSample, type Sample } from '../support/sample.ts';

const NOISY_KEY = 'e2e-noisy-commune-key-0001';
const QUIET_KEY = 'e2e-quiet-commune-key-0002';
const NOISY_BURST = 20;
const NOISY_RATE = 2;
const NO_CACHE = { 'Cache-Control': 'no-cache' };

let gateway: TestGateway;
let sample: Sample;

beforeAll(async () => {
  const [noisy, quiet] = await Promise.all([sha256Hex(NOISY_KEY), sha256Hex(QUIET_KEY)]);
  gateway = await startTestGateway((config) => {
    config.clients.push(
      // Its own small allowance, so that what it lets through fits the population bulkhead and this test is about
      // the rate limit alone.
      { name: 'Xã ồn ào', keySha256: noisy, communes: ['21085'], landCommunes: 'own', scopes: [], callbackUrlPrefixes: [], rateLimit: { requestsPerSecond: NOISY_RATE, burst: NOISY_BURST } },
      // The default allowance.
      { name: 'Xã yên tĩnh', keySha256: quiet, communes: ['21085'], landCommunes: 'own', scopes: [], callbackUrlPrefixes: [] },
    );
  });
  sample = await fetchSample(gateway.simulators!.population.url);
});
afterAll(() => gateway?.close());

function lookup(key: string, index: number, extra: Record<string, string> = {}): Promise<Response> {
  const personalId = sample.citizens[index % sample.citizens.length]!;
  return fetch(`${gateway.url}/v1/citizens/${personalId}`, { headers: { ...gateway.headers, Authorization: `Bearer ${key}`, ...NO_CACHE, ...extra } });
}

describe('per-client rate limits', () => {
  it('answers one key\'s burst of uncached lookups with 429s while another key keeps getting 200s', async () => {
    gateway.simulators!.population.faults.set({ latencyMs: 50 });
    const startedAt = performance.now();
    const burst = Array.from({ length: 500 }, (_, index) => lookup(NOISY_KEY, index));
    const quietAnswers: Response[] = [];
    for (let index = 0; index < 20; index += 1) quietAnswers.push(await lookup(QUIET_KEY, index));
    const noisyAnswers = await Promise.all(burst);
    // The bucket refills at 2/s while the burst goes on: those few may pass too, no more.
    const refilled = Math.ceil(((performance.now() - startedAt) / 1000) * NOISY_RATE);

    expect(quietAnswers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const statuses = noisyAnswers.map((answer) => answer.status);
    const admitted = statuses.filter((status) => status === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(NOISY_BURST);
    expect(admitted).toBeLessThanOrEqual(NOISY_BURST + refilled);
    expect(statuses.filter((status) => status === 429)).toHaveLength(500 - admitted);
    gateway.simulators!.population.faults.set({ latencyMs: 0 });
  });

  it('says in a 429 problem and its headers how long to wait and what the allowance is', async () => {
    // Whatever the rate refilled since the burst is spent first.
    let throttled = await lookup(NOISY_KEY, 0, { 'Accept-Language': 'en' });
    for (let tries = 0; throttled.status === 200 && tries < NOISY_BURST; tries += 1) throttled = await lookup(NOISY_KEY, 0, { 'Accept-Language': 'en' });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(throttled.headers.get('ratelimit-policy')).toBe('"api-key";q=20;w=10');
    expect(throttled.headers.get('ratelimit')).toBe(`"api-key";r=0;t=${retryAfter}`);
    const body = (await throttled.json()) as { type: string; title: string; status: number; retryAfterSeconds: number };
    expect(body).toMatchObject({ type: 'urn:commune-gateway:problem:rate-limited', title: 'Too many requests from this API key', status: 429, retryAfterSeconds: retryAfter });
  });

  it('tells a well-behaved client its allowance on every answer', async () => {
    const answer = await lookup(QUIET_KEY, 0);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('ratelimit-policy')).toBe('"api-key";q=100;w=5');
    expect(answer.headers.get('ratelimit')).toMatch(/^"api-key";r=\d+;t=[1-5]$/);
  });
});
