// One client's own choices (tiny deadlines, bursts) next to well-behaved clients, end to end: what a client does
// to itself must say nothing about the upstream, and must not take the upstream's capacity from the others.
import { afterEach, describe, expect, it } from 'vitest';
import { ResilienceSchema } from '../../src/config/resilience.ts';
import type { Config } from '../../src/config/schema.ts';
import { sha256Hex } from '../../src/keys/sha256.ts';
import { eventually } from '../support/eventually.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { fetchSample } from '../support/sample.ts';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const CITIZEN = '/v1/citizens/051190000123';
const NO_CACHE = { 'Cache-Control': 'no-cache' };
const TINY_DEADLINE = { 'Request-Timeout': '0.001', ...NO_CACHE };
const QUIET_KEY = 'key-quiet-commune-000000001';

/** A second, well-behaved client key (the demo key plays the other client). */
async function quietClient(): Promise<(config: Config) => void> {
  const keySha256 = await sha256Hex(QUIET_KEY);
  return (config) => {
    config.clients.push({ name: 'Xã yên tĩnh', keySha256, scopes: [], callbackUrlPrefixes: [], communes: ['21085'], landCommunes: 'own' } as Config['clients'][number]);
  };
}

/** Judges every 100 ms and opens an incident as soon as an upstream is judged down. */
function quickHealth(config: Config): void {
  config.health.judgement.evaluateEveryMs = 100;
  config.health.incidents = { openDownAfterMs: 0, openDegradedAfterMs: 0, closeAfterMs: 60_000 };
}

function population(resilience: Record<string, unknown>) {
  return (config: Config) => {
    config.upstreams.population.resilience = ResilienceSchema.parse(resilience);
  };
}

const asQuiet = (g: TestGateway, path: string) => g.get(path, { Authorization: `Bearer ${QUIET_KEY}`, ...NO_CACHE });

/** Upstream error counts of population from /metrics: every outcome that is not an answer. */
async function populationErrors(g: TestGateway): Promise<Record<string, number>> {
  const text = await (await g.get('/metrics')).text();
  const errors: Record<string, number> = {};
  for (const match of text.matchAll(/^gateway_upstream_calls_total\{upstream="population",outcome="([^"]+)"\} (\d+)$/gm)) {
    if (!['ok', 'cached', 'stale'].includes(match[1]!)) errors[match[1]!] = Number(match[2]);
  }
  return errors;
}

interface PopulationCheck { state: string; reasons: string[]; errorsByCode: Record<string, number>; openIncident: unknown }

async function populationCheck(g: TestGateway): Promise<PopulationCheck> {
  const body = (await (await fetch(`${g.url}/v1/status`)).json()) as { checks: Record<string, PopulationCheck[]> };
  return body.checks['population:availability']![0]!;
}

describe("a client's own deadline", () => {
  it('opens no breaker, counts no upstream error and records no incident when a client asks for 1 ms a dozen times', async () => {
    gateway = await startTestGateway(await quietClient(), quickHealth);
    gateway.simulators!.population.faults.set({ latencyMs: 50 });
    const errorsBefore = await populationErrors(gateway);
    const statuses: number[] = [];
    for (let call = 0; call < 12; call += 1) {
      const response = await gateway.get(CITIZEN, TINY_DEADLINE);
      statuses.push(response.status);
      // A call may join a shared upstream call that answers before this caller's timer runs (a loaded event loop).
      if (response.status !== 200) expect(((await response.json()) as { type: string }).type).toContain('client-deadline');
    }
    expect(statuses.every((status) => status === 504 || status === 200)).toBe(true);
    expect(statuses.filter((status) => status === 504).length).toBeGreaterThanOrEqual(6);
    expect(gateway.pipelines.population.snapshot().breakers['tra-cuu']?.state ?? 'closed').toBe('closed');
    expect((await asQuiet(gateway, '/v1/citizens/051165000077')).status).toBe(200);
    // An evaluation after real traffic no longer says "no data"; it must find nothing wrong.
    const check = await eventually(async () => {
      const current = await populationCheck(gateway!);
      return current.reasons.includes('no-data') ? undefined : current;
    });
    expect(check).toMatchObject({ state: 'operational', reasons: [], errorsByCode: {}, openIncident: null });
    expect(await gateway.services.health!.store.listIncidents({})).toEqual([]);
    expect(await populationErrors(gateway)).toEqual(errorsBefore);
    expect(gateway.pipelines.population.snapshot().breakers['tra-cuu']?.state ?? 'closed').toBe('closed');
  });

  it('answers a 1 ms lookup from the stale cache when there is one, in the client language', async () => {
    gateway = await startTestGateway();
    expect((await gateway.get(CITIZEN)).status).toBe(200);
    gateway.simulators!.population.faults.set({ latencyMs: 50 });
    const stale = await gateway.get(CITIZEN, TINY_DEADLINE);
    expect(stale.status).toBe(200);
    expect(((await stale.json()) as { meta: { freshness: string } }).meta.freshness).toBe('stale');
    expect(stale.headers.get('cache-status')).toContain('detail=stale-client-deadline');
    const uncached = await gateway.get('/v1/citizens/051165000077', { ...TINY_DEADLINE, 'Accept-Language': 'en' });
    expect(uncached.status).toBe(504);
    expect(((await uncached.json()) as { title: string }).title).toMatch(/client's own deadline/i);
  });

  it("lets a normal client join a call started by a 50 ms client and get the answer, not the other's deadline", async () => {
    gateway = await startTestGateway();
    gateway.simulators!.population.faults.set({ latencyMs: 300 });
    // 50 ms, not 1: a caller whose deadline has passed before the pipeline sees it starts no upstream call at all.
    const hasty = gateway.get(CITIZEN, { 'Request-Timeout': '0.05', ...NO_CACHE });
    await eventually(() => gateway!.pipelines.population.snapshot().singleFlight.inFlight === 1);
    const patient = await gateway.get(CITIZEN, NO_CACHE);
    expect(patient.status).toBe(200);
    expect(gateway.pipelines.population.snapshot().singleFlight.joined).toBe(1);
    expect((await hasty).status).toBe(504);
    expect(gateway.simulators!.population.stats().requests).toBe(1);
  });
});

describe('bulkhead fairness between keys', () => {
  it("keeps another key's lookups succeeding while one key bursts 300 uncached lookups at a slow upstream", async () => {
    gateway = await startTestGateway(await quietClient(), population({ bulkhead: { maxConcurrent: 4, maxQueue: 64, queueTimeoutMs: 2_000 } }));
    const sim = gateway.simulators!.population;
    sim.faults.set({ latencyMs: 100 });
    const sample = await fetchSample(sim.url);
    // 300 distinct, valid personal IDs the simulator does not hold (each a 404 after 100 ms, or shed).
    const burst = Array.from({ length: 300 }, (_, index) => gateway!.get(`/v1/citizens/0511900${String(index).padStart(5, '0')}`, NO_CACHE));
    await eventually(() => gateway!.pipelines.population.snapshot().bulkhead.queued >= 64);
    const quiet: number[] = [];
    for (const personalId of sample.citizens.slice(0, 10)) quiet.push((await asQuiet(gateway, `/v1/citizens/${personalId}`)).status);
    expect(quiet).toEqual(Array(quiet.length).fill(200));
    const burstStatuses = await Promise.all(burst.map(async (response) => (await response).status));
    expect(burstStatuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(sim.stats().maxInFlight).toBeLessThanOrEqual(4);
  });
});
