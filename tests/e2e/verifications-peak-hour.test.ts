// At most once toward the upstream, outside a crash: verifications posted while the population system is slow and
// failing (the peak-hour profile) are each performed once by its business logic, however the sync attempt, its
// retries, the 202 and the drainer's replays interleave. The simulator counts what it performed per maYeuCau,
// including calls whose client (the gateway) had already given up, since a real upstream finishes those too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResilienceSchema } from '../../src/config/resilience.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Faults } from '../../mocks/http/fault-schema.ts';
import type { SimulatorStats } from '../../mocks/http/stats.ts';
import { eventually } from '../support/eventually.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { fetchSample, type Sample } from '../support/sample.ts';
import { callbackClient, COMMUNES, getter, isoDate, poster, startCallbackReceiver, type Callback, type CallbackReceiver } from './verifications-support.ts';

const folder = mkdtempSync(join(tmpdir(), 'gateway-e2e-peak-hour-'));

/** The gateway's real timings (2 s sync budget, 3 s deadline); only the queue's waits are shortened. */
function peakHourSettings(client: Config['clients'][number], name: string) {
  return (config: Config) => {
    Object.assign(config.queue, {
      databasePath: join(folder, `${name}.sqlite`), pollIntervalMs: 50, maxAttempts: 1_000, backoff: { baseMs: 100, maxMs: 500 },
    });
    config.queue.drain.population = { ratePerSecond: 20, concurrency: 8 };
    config.upstreams.population.resilience = ResilienceSchema.parse({ breaker: { resetTimeoutMs: 300, maxResetTimeoutMs: 600 } });
    config.clients.push(client);
  };
}

let receiver: CallbackReceiver;
beforeAll(async () => {
  receiver = await startCallbackReceiver();
});
afterAll(async () => {
  await receiver.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('verifications in the peak-hour profile', () => {
  let gateway: TestGateway;
  let sample: Sample;
  beforeAll(async () => {
    gateway = await startTestGateway(peakHourSettings(await callbackClient(receiver.url), 'peak-hour'));
    sample = await fetchSample(gateway.simulators!.population.url);
  });
  afterAll(async () => {
    await gateway.close();
  });

  /**
   * Posts `count` identity verifications while the upstream has `faults`, lets the queue replay under them until the
   * simulator has seen `replaysUnderFaults` more calls (or 10 s have passed), then lets the upstream recover and
   * waits for every ticket to complete and every call the upstream accepted to be performed.
   */
  async function runProfile(faults: Faults, count: number, replaysUnderFaults: number) {
    const sim = gateway.simulators!.population;
    sim.resetStats();
    sim.faults.set(faults);
    const post = poster(gateway.url);
    const responses = await Promise.all(Array.from({ length: count }, async (_, i) => {
      const person = sample.citizenDetails[i % sample.citizenDetails.length]!;
      const subject = { personalId: person.personalId, fullName: person.fullName, dateOfBirth: isoDate(person.dateOfBirth) };
      const response = await post({ type: 'citizen-identity', subject, callbackUrl: `${receiver.url}/peak-hour` }, { commune: COMMUNES[i % 5] });
      const body = (await response.json()) as { id?: string; ticket?: { id: string } };
      return { status: response.status, id: body.id ?? body.ticket?.id ?? '' };
    }));
    expect(responses.map((r) => r.status).filter((status) => status !== 200 && status !== 202)).toEqual([]);
    const calls = (stats: SimulatorStats) => stats.byPath['/api/dan-cu/v1/cong-dan/xac-thuc'] ?? 0;
    // How long the degraded phase lasts: until the queue has replayed under the faults (bounded at 10 s), but at least
    // one replay it must have made, or the profile would test nothing of them.
    await eventually(() => calls(sim.stats()) >= count + replaysUnderFaults, 10_000).catch(() => undefined);
    if (replaysUnderFaults > 0) expect(calls(sim.stats())).toBeGreaterThan(count);
    sim.faults.clear();

    const get = getter(gateway.url);
    await eventually(async () => {
      const tickets = await Promise.all(responses.map(({ id }) => get(`/v1/verifications/${id}`)));
      return tickets.every(({ body }) => body['status'] === 'completed');
    }, 60_000, 200);
    // Calls the gateway gave up on are still performed by the upstream at the end of their latency.
    const stats = await sim.waitForStats((each) => each.inFlight === 0 && (each.operations?.['xacThuc']?.processed.pending ?? 0) === 0);
    const ids = new Set(responses.map((r) => r.id));
    const queued = responses.filter((r) => r.status === 202).map((r) => r.id);
    const completions = (received: Callback[]) => received.filter((c) => c.type === 'verification.completed' && ids.has(c.ticketId));
    await receiver.waitFor((received) => completions(received).length >= queued.length, 20_000);
    return { stats, queued, completions: completions(receiver.received) };
  }

  /** Each ticket answered 202 is called back once as completed; one answered 200 is not called back. */
  function expectCompletedOnce(queued: string[], completions: Callback[]) {
    expect(completions.map((c) => c.ticketId).sort()).toEqual([...queued].sort());
    expect(completions.every((c) => c.signatureValid)).toBe(true);
  }

  it('performs each of 60 verifications once upstream at 50 % errors and 2 s latency', { timeout: 120_000 }, async () => {
    const { stats, queued, completions } = await runProfile({ errorRate: 0.5, latencyMs: 2_000 }, 60, 30);
    expectCompletedOnce(queued, completions);
    expect(stats.operations?.['xacThuc']?.processed).toMatchObject({ duplicates: 0, calls: 60 });
  });

  it('performs each of 30 verifications once upstream when it takes 2–4 s to answer', { timeout: 120_000 }, async () => {
    const { stats, queued, completions } = await runProfile({ latencyMs: 2_000, latencyJitterMs: 2_000 }, 30, 0);
    expectCompletedOnce(queued, completions);
    expect(stats.operations?.['xacThuc']?.processed).toMatchObject({ duplicates: 0, calls: 30 });
  });
});
