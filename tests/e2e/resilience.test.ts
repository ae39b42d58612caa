// The upstream pipeline against the real simulators with injected faults.
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.ts';
import { ResilienceSchema } from '../../src/config/resilience.ts';
import { eventually } from '../support/eventually.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** A population pipeline with test-sized numbers; everything else stays at its defaults. */
function population(deadlineMs: number, resilience: Record<string, unknown> = {}) {
  return (config: Config) => {
    config.upstreams.population.deadlineMs = deadlineMs;
    config.upstreams.population.resilience = ResilienceSchema.parse(resilience);
  };
}

const CITIZEN = '/v1/citizens/051190000123';
const NO_CACHE = { 'Cache-Control': 'no-cache' };
const breakerOf = (g: TestGateway) => g.pipelines.population.snapshot().breakers['tra-cuu'];

describe('deadlines', () => {
  it('answers a hanging upstream within the deadline and really aborts the upstream request', async () => {
    gateway = await startTestGateway(population(400));
    const sim = gateway.simulators!.population;
    sim.faults.set({ hang: true });
    const response = await gateway.get(CITIZEN);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await response.json()) as { type: string }).type).toContain('timeout');
    await eventually(() => sim.stats().aborted >= 1);
  });

  it('lets a client ask for a shorter deadline with Request-Timeout', async () => {
    gateway = await startTestGateway(population(3_000));
    gateway.simulators!.population.faults.set({ hang: true });
    const startedAt = Date.now();
    const response = await gateway.get(CITIZEN, { 'Request-Timeout': '0.3' });
    // The client's own deadline, not the upstream's: a 504 that says so (see tests/e2e/client-fairness.test.ts).
    expect(response.status).toBe(504);
    expect(((await response.json()) as { type: string }).type).toContain('client-deadline');
    expect(Date.now() - startedAt).toBeLessThan(2_500);
  });
});

describe('stale answers', () => {
  it('serves a cached answer marked stale, with Age and Cache-Status, while the upstream is down', async () => {
    gateway = await startTestGateway(population(500));
    expect((await gateway.get(CITIZEN)).status).toBe(200);
    gateway.simulators!.population.faults.set({ down: true });
    const response = await gateway.get(CITIZEN, NO_CACHE);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { fullName: string }; meta: { freshness: string; ageSeconds: number } };
    expect(body.meta.freshness).toBe('stale');
    expect(body.data.fullName).toBe('NGUYỄN VĂN AN');
    expect(response.headers.get('age')).toMatch(/^\d+$/);
    expect(response.headers.get('cache-status')).toMatch(/^gateway; hit; fwd=\w+; fwd-status=503; detail=stale/);
  });

  it('answers a fresh cache hit without calling the upstream, and no-cache forces a call', async () => {
    gateway = await startTestGateway(population(500));
    const sim = gateway.simulators!.population;
    await gateway.get(CITIZEN);
    const before = sim.stats().requests;
    const hit = await gateway.get(CITIZEN);
    expect(((await hit.json()) as { meta: { freshness: string } }).meta.freshness).toBe('cached');
    expect(hit.headers.get('cache-status')).toContain('hit');
    expect(sim.stats().requests).toBe(before);
    await gateway.get(CITIZEN, NO_CACHE);
    expect(sim.stats().requests).toBe(before + 1);
  });

  it('shares one upstream call among 100 identical concurrent lookups', async () => {
    gateway = await startTestGateway(population(2_000));
    const sim = gateway.simulators!.population;
    sim.faults.set({ latencyMs: 150 });
    const answers = await Promise.all(Array.from({ length: 100 }, () => gateway!.get(CITIZEN)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(sim.stats().byPath['/api/dan-cu/v1/cong-dan/tra-cuu']).toBe(1);
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, then refuses without touching the upstream', async () => {
    gateway = await startTestGateway(population(500, { breaker: { volumeThreshold: 5, resetTimeoutMs: 60_000 } }));
    const sim = gateway.simulators!.population;
    sim.faults.set({ errorRate: 1 });
    for (let call = 0; call < 10 && breakerOf(gateway)?.state !== 'open'; call += 1) await gateway.get(CITIZEN, NO_CACHE);
    expect(breakerOf(gateway)?.state).toBe('open');
    const seen = sim.stats().requests;
    for (let call = 0; call < 20; call += 1) {
      const response = await gateway.get(CITIZEN, NO_CACHE);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { type: string }).type).toContain('circuit-open');
    }
    expect(sim.stats().requests).toBe(seen);
  });

  it('half-opens after the reset time and closes again when the trial succeeds', async () => {
    gateway = await startTestGateway(population(500, { breaker: { volumeThreshold: 5, resetTimeoutMs: 300 } }));
    const sim = gateway.simulators!.population;
    sim.faults.set({ errorRate: 1 });
    for (let call = 0; call < 10 && breakerOf(gateway)?.state !== 'open'; call += 1) await gateway.get(CITIZEN, NO_CACHE);
    expect(breakerOf(gateway)?.state).toBe('open');
    sim.faults.clear();
    await eventually(async () => (await gateway!.get(CITIZEN, NO_CACHE)).status === 200 && breakerOf(gateway!)?.state === 'closed');
  });

  it('never opens on a storm of not-found answers', async () => {
    gateway = await startTestGateway(population(500, { breaker: { volumeThreshold: 5 } }));
    const sample = (await (await fetch(`${gateway.simulators!.population.url}/__sim/sample`)).json()) as { unknownPersonalId: string };
    for (let call = 0; call < 40; call += 1) {
      expect((await gateway.get(`/v1/citizens/${sample.unknownPersonalId}`, NO_CACHE)).status).toBe(404);
    }
    expect(breakerOf(gateway)?.state ?? 'closed').toBe('closed');
  });
});

describe('retries', () => {
  it('keeps upstream load within the retry budget at 100 % errors', async () => {
    gateway = await startTestGateway(population(2_000, {
      breaker: { volumeThreshold: 100_000 },
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      retryBudget: { ratio: 0.2, windowMs: 60_000, minRetriesPerWindow: 3 },
    }));
    const sim = gateway.simulators!.population;
    sim.faults.set({ errorRate: 1 });
    const calls = 200;
    for (let call = 0; call < calls; call += 1) await gateway.get(CITIZEN, NO_CACHE);
    expect(sim.stats().requests).toBeLessThanOrEqual(Math.ceil(calls * 1.2) + 3);
    expect(sim.stats().requests).toBeGreaterThan(calls);
  });

  it('honours a Retry-After longer than the cap by not retrying and passing it on', async () => {
    gateway = await startTestGateway(population(2_000));
    const sim = gateway.simulators!.population;
    sim.faults.set({ unavailable: { rate: 1, retryAfterSeconds: 30 } });
    const response = await gateway.get(CITIZEN, NO_CACHE);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(sim.stats().requests).toBe(1);
  });

  it('reuses the same maYeuCau when it retries a population call', async () => {
    gateway = await startTestGateway(population(2_000, { retry: { baseDelayMs: 1, maxDelayMs: 2 } }));
    const sim = gateway.simulators!.population;
    sim.faults.set({ errorRate: 1 });
    await gateway.get(CITIZEN, NO_CACHE);
    const stats = sim.stats();
    expect(stats.requests).toBe(3);
    expect(Object.values(stats.requestIds ?? {})).toEqual([3]);
  });
});

describe('bulkhead', () => {
  it('never lets more than N calls reach the upstream at once and sheds the rest with 503', async () => {
    gateway = await startTestGateway(population(3_000, { bulkhead: { maxConcurrent: 4, maxQueue: 4, queueTimeoutMs: 50 } }));
    const sim = gateway.simulators!.population;
    sim.faults.set({ latencyMs: 200 });
    const sample = (await (await fetch(`${sim.url}/__sim/sample`)).json()) as { citizens: string[] };
    const ids = sample.citizens;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => gateway!.get(`/v1/citizens/${ids[index % ids.length]}`, NO_CACHE)));
    expect(sim.stats().maxInFlight).toBeLessThanOrEqual(4);
    expect(answers.some((answer) => answer.status === 503)).toBe(true);
  });
});

describe('malformed upstream answers', () => {
  it('treats garbage and truncated bodies as transient failures, never a 500', async () => {
    gateway = await startTestGateway(population(1_000, { retry: { baseDelayMs: 1, maxDelayMs: 2 } }));
    const sim = gateway.simulators!.population;
    for (const fault of [{ garbageRate: 1 }, { truncateRate: 1 }]) {
      sim.faults.clear();
      sim.faults.set(fault);
      const response = await gateway.get('/v1/citizens/051165000077', NO_CACHE);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { type: string }).type).toContain('transient');
    }
  });
});

describe('tokens', () => {
  it('renews a token revoked during an outage once the upstream is back, without an error for the caller', async () => {
    gateway = await startTestGateway(population(1_000));
    const sim = gateway.simulators!.population;
    expect((await gateway.get(CITIZEN)).status).toBe(200);
    const tokensBefore = sim.stats().tokenRequests ?? 0;
    sim.revokeTokens();
    sim.faults.set({ down: true });
    expect((await gateway.get('/v1/citizens/051165000077', NO_CACHE)).status).toBe(503);
    sim.faults.clear();
    expect((await gateway.get('/v1/citizens/051165000077', NO_CACHE)).status).toBe(200);
    expect((sim.stats().tokenRequests ?? 0) - tokensBefore).toBeGreaterThanOrEqual(1);
  });
});
