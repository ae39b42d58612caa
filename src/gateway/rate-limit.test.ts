import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRateLimitStore } from '../store/memory-rate-limit-store.ts';
import type { GatewayEnv } from './env.ts';
import { handleError } from './errors.ts';
import { pickLanguage } from './language.ts';
import type { RateLimitPolicy, RateLimitStore } from '../resilience/rate-limit-bucket.ts';
import { createRateLimit, rateLimitField } from './rate-limit.ts';
import type { ApiClient } from './services.ts';

/** Three at once, then one a second: announced as 3 per 3 s. */
const POLICY: RateLimitPolicy = { requestsPerSecond: 1, burst: 3 };

/** The rate limit behind a stand-in for the API-key middleware: `X-Client` names the client. */
function appWith(clients: Record<string, ApiClient>, store: RateLimitStore = createMemoryRateLimitStore()) {
  const app = new Hono<GatewayEnv>();
  app.onError(handleError);
  app.use('*', async (c, next) => {
    c.set('language', pickLanguage(c.req.header('accept-language')));
    c.set('client', clients[c.req.header('x-client') ?? '']!);
    await next();
  });
  app.use('*', createRateLimit(store));
  app.get('/v1/ping', (c) => c.json({ ok: true }));
  const call = (client: string, headers: Record<string, string> = {}) => app.request('/v1/ping', { headers: { 'X-Client': client, ...headers } });
  return { call };
}

const client = (name: string, rateLimit?: RateLimitPolicy): ApiClient => ({ name, keySha256: name.padEnd(64, '0'), communes: ['21085'], mayReadReligion: false, ...(rateLimit ? { rateLimit } : {}) });

describe('per-client rate limit', () => {
  beforeEach(() => void vi.useFakeTimers({ now: Date.parse('2026-12-01T08:00:00Z') }));
  afterEach(() => void vi.useRealTimers());

  it('admits a key up to its burst and tells it what is left and when it is back on every answer', async () => {
    const { call } = appWith({ a: client('a', POLICY) });
    const answers = [await call('a'), await call('a'), await call('a')];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    // When the whole burst is back; with none left, when the next request is (1 s, not the burst's 3).
    expect(answers.map((answer) => answer.headers.get('ratelimit'))).toEqual(['"api-key";r=2;t=1', '"api-key";r=1;t=2', '"api-key";r=0;t=1']);
    expect(answers[0]!.headers.get('ratelimit-policy')).toBe('"api-key";q=3;w=3');
  });

  it('refuses the request past the quota with a Vietnamese 429 problem, Retry-After and the RateLimit fields', async () => {
    const { call } = appWith({ a: client('a', POLICY) });
    for (let index = 0; index < 3; index += 1) await call('a');
    vi.advanceTimersByTime(500);
    const refused = await call('a');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    // The next token comes 1 s after the burst: 0.5 s from now, said in whole seconds.
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('ratelimit')).toBe('"api-key";r=0;t=1');
    expect(refused.headers.get('ratelimit-policy')).toBe('"api-key";q=3;w=3');
    expect(await refused.json()).toEqual({
      type: 'urn:commune-gateway:problem:rate-limited',
      title: 'Khóa truy cập đã gửi quá nhiều yêu cầu',
      status: 429,
      detail: 'Mỗi khóa truy cập được gửi tối đa 3 yêu cầu cùng lúc, sau đó trung bình 1 yêu cầu mỗi giây. Vui lòng thử lại sau 1 giây.',
      retryAfterSeconds: 1,
    });
  });

  it('explains the refusal in English when the client asks for it', async () => {
    const { call } = appWith({ a: client('a', { requestsPerSecond: 2, burst: 4 }) });
    for (let index = 0; index < 4; index += 1) await call('a');
    const refused = await call('a', { 'Accept-Language': 'en' });
    expect(await refused.json()).toMatchObject({
      title: 'Too many requests from this API key',
      detail: 'Each API key may send up to 4 requests at once, then 2 per second on average. Please try again in 1 second.',
    });
  });

  it('admits a key that paces itself at its rate after a burst, and gives the whole burst back in time', async () => {
    const { call } = appWith({ a: client('a', POLICY) });
    for (let index = 0; index < 3; index += 1) await call('a');
    expect((await call('a')).status).toBe(429);
    // One request a second is the key's rate: never refused, however long it goes on.
    const paced: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      vi.advanceTimersByTime(1_000);
      paced.push((await call('a')).status);
    }
    expect(paced).toEqual(Array(10).fill(200));
    vi.advanceTimersByTime(3_000);
    const again = await call('a');
    expect(again.headers.get('ratelimit')).toBe('"api-key";r=2;t=1');
  });

  it('lets no more than one burst through in a short stretch (no window edge to double it)', async () => {
    const { call } = appWith({ a: client('a', POLICY) });
    await call('a');
    vi.advanceTimersByTime(2_990);
    const statuses: number[] = [];
    for (let index = 0; index < 2; index += 1) statuses.push((await call('a')).status);
    vi.advanceTimersByTime(20);
    for (let index = 0; index < 3; index += 1) statuses.push((await call('a')).status);
    // 3 at once plus the 3 the rate refilled in those 3 s: 5 in 30 ms would be nearly two bursts.
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('counts each key on its own, so one key spending its quota leaves the others theirs', async () => {
    const { call } = appWith({ a: client('a', POLICY), b: client('b', POLICY) });
    for (let index = 0; index < 10; index += 1) await call('a');
    expect((await call('a')).status).toBe(429);
    expect((await call('b')).status).toBe(200);
  });

  it('keeps a key\'s own allowance apart from another with a different policy', async () => {
    const { call } = appWith({ a: client('a', { requestsPerSecond: 1, burst: 1 }), big: client('big', { requestsPerSecond: 20, burst: 100 }) });
    await call('a');
    expect((await call('a')).status).toBe(429);
    const answers = await Promise.all(Array.from({ length: 100 }, () => call('big')));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect((await call('big')).status).toBe(429);
  });

  it('takes a decision a store gives at once, without a promise, the same way', async () => {
    const store: RateLimitStore = { consume: () => ({ allowed: false, remaining: 0, retryAfterMs: 2_500, fullInMs: 9_000 }) };
    const { call } = appWith({ a: client('a', POLICY) }, store);
    const refused = await call('a');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3');
  });

  it('lets a client without a policy through without counting or announcing anything', async () => {
    const consume = vi.fn<RateLimitStore['consume']>();
    const { call } = appWith({ free: client('free') }, { consume });
    const answer = await call('free');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('ratelimit')).toBeNull();
    expect(consume).not.toHaveBeenCalled();
  });
});

describe('RateLimit field', () => {
  it('says when the whole burst is back, or when refused when the next request is, in whole seconds never 0', () => {
    expect(rateLimitField({ allowed: true, remaining: 7, retryAfterMs: 0, fullInMs: 4_001 })).toBe('"api-key";r=7;t=5');
    expect(rateLimitField({ allowed: false, remaining: 0, retryAfterMs: 3, fullInMs: 9_000 })).toBe('"api-key";r=0;t=1');
  });
});
