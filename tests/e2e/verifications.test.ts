// The verification queue end to end: the real gateway, the real simulators, HTTP only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResilienceSchema } from '../../src/config/resilience.ts';
import type { Config } from '../../src/config/schema.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { fetchSample, type Sample } from '../support/sample.ts';
import { eventually } from '../support/eventually.ts';
import {
  callbackClient, COMMUNES, getter, isoDate, poster, startCallbackReceiver, type CallbackReceiver, type Poster,
} from './verifications-support.ts';

const folder = mkdtempSync(join(tmpdir(), 'gateway-e2e-verifications-'));
const DRAIN = { ratePerSecond: 20, concurrency: 3 };

function queueSettings(client: Config['clients'][number], name: string, expiryMs?: number) {
  return (config: Config) => {
    Object.assign(config.queue, {
      databasePath: join(folder, `${name}.sqlite`), syncBudgetMs: 1_000, pollIntervalMs: 50, leaseMs: 5_000, sentCallGraceMs: 1_000, maxAttempts: 1_000,
      backoff: { baseMs: 100, maxMs: 500 },
    });
    config.queue.drain.population = DRAIN;
    if (expiryMs !== undefined) {
      config.queue.expiry.afterMs = expiryMs;
      config.queue.syncBudgetMs = 200;
    }
    config.upstreams.population.resilience = ResilienceSchema.parse({ breaker: { resetTimeoutMs: 300, maxResetTimeoutMs: 600 } });
    config.log.level = 'info';
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

describe('verifications with the upstream down and back', () => {
  let gateway: TestGateway;
  let post: Poster;
  let get: ReturnType<typeof getter>;
  let sample: Sample;
  beforeAll(async () => {
    gateway = await startTestGateway(queueSettings(await callbackClient(receiver.url), 'outage'));
    post = poster(gateway.url);
    get = getter(gateway.url);
    sample = await fetchSample(gateway.simulators!.population.url);
  });
  afterAll(async () => {
    await gateway.close();
  });

  const identity = (index: number) => {
    const person = sample.citizenDetails[index % sample.citizenDetails.length]!;
    return { type: 'citizen-identity', subject: { personalId: person.personalId, fullName: person.fullName, dateOfBirth: isoDate(person.dateOfBirth) } };
  };

  it('queues verifications durably while the upstream is down, then completes each once, with signed callbacks, at the drain caps', async () => {
    const sim = gateway.simulators!.population;
    sim.faults.set({ down: true });
    const count = 30;
    const responses = await Promise.all(Array.from({ length: count }, (_, i) =>
      post({ ...identity(i), callbackUrl: `${receiver.url}/verifications` }, { commune: COMMUNES[i % 5] })));
    expect(responses.map((r) => r.status)).toEqual(Array(count).fill(202));
    const tickets = await Promise.all(responses.map(async (r) => ({ location: r.headers.get('location'), body: (await r.json()) as { id: string; status: string; position: number } })));
    for (const { location, body } of tickets) {
      expect(location).toBe(`/v1/verifications/${body.id}`);
      expect(body.status).toBe('queued');
      expect(body.position).toBeGreaterThanOrEqual(1);
    }
    const ids = new Set(tickets.map((t) => t.body.id));
    const stats = await gateway.queue.store.stats('population');
    expect(stats.queued + stats.inProgress).toBe(count);
    // A POST's own attempt, once sent, runs on past its 202 (it may complete its ticket itself): the pace below is the
    // drainer's, so the upstream comes back only once no such attempt is left.
    await eventually(async () => (await gateway.queue.store.stats('population')).inProgress === 0, 10_000, 50);

    sim.faults.clear();
    const recoveredAt = Date.now();
    const completedIds = (received: { type: string; ticketId: string }[]) =>
      new Set(received.filter((c) => c.type === 'verification.completed').map((c) => c.ticketId));
    await receiver.waitFor((received) => completedIds(received).size === count);
    const drainMs = Date.now() - recoveredAt;

    const callbacks = receiver.received.filter((c) => ids.has(c.ticketId));
    expect(callbacks.every((c) => c.signatureValid)).toBe(true);
    expect(completedIds(callbacks)).toEqual(ids);
    expect(callbacks.every((c) => c.body['data'].result.match === true)).toBe(true);
    for (const id of ids) {
      const { status, body } = await get(`/v1/verifications/${id}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'completed', result: { match: true } });
    }
    const upstream = sim.stats();
    // One identity check per ticket reached the upstream, and no maYeuCau twice: no duplicate submission.
    expect(upstream.byPath['/api/dan-cu/v1/cong-dan/xac-thuc']).toBe(count);
    expect(upstream.duplicateRequestIds).toBe(0);
    expect(upstream.maxInFlight).toBeLessThanOrEqual(DRAIN.concurrency);
    // Paced at 20/s: 30 replays take at least ~1.45 s however fast the upstream answers.
    expect(drainMs).toBeGreaterThanOrEqual(((count - 1) / DRAIN.ratePerSecond) * 1000 * 0.9);
    // The queued subjects are personal data: they stay in the store, never in logs (queue events included).
    const logs = gateway.logs.join('');
    expect(logs).toContain('ticket-ended');
    for (const person of sample.citizenDetails) {
      expect(logs).not.toContain(person.fullName);
      expect(logs).not.toContain(person.personalId);
    }
  });

  it('answers 409 while the first request with a key is being answered, 422 for another body, then the same result', async () => {
    const sim = gateway.simulators!.population;
    sim.faults.set({ latencyMs: 500 });
    const key = `idem-${crypto.randomUUID()}`;
    const first = post(identity(0), { key });
    await sim.waitForStats((stats) => stats.inFlight >= 1);
    const conflict = await post(identity(0), { key });
    expect(conflict.status).toBe(409);
    const mismatch = await post(identity(1), { key });
    expect(mismatch.status).toBe(422);
    const answered = await first;
    expect(answered.status).toBe(200);
    const body = (await answered.json()) as { data: { match: boolean }; meta: { source: string }; ticket: { id: string } };
    expect(body).toMatchObject({ data: { match: true }, meta: { source: 'population', freshness: 'fresh' }, ticket: { status: 'completed' } });
    sim.faults.clear();
    const again = await post(identity(0), { key });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { ticket: { id: string } }).ticket.id).toBe(body.ticket.id);
  });

  it('answers marital-status and land-parcel verifications at once when their upstreams are healthy', async () => {
    const marital = await post({ type: 'marital-status', subject: { personalId: sample.married } });
    expect(marital.status).toBe(200);
    expect(((await marital.json()) as { data: { status: string } }).data.status).toBe('married');
    const parcel = await post({ type: 'land-parcel', subject: sample.parcels[0] });
    expect(parcel.status).toBe(200);
    expect(((await parcel.json()) as { data: { areaM2: number } }).data.areaM2).toBeGreaterThan(0);
    const unprovisioned = await post({ type: 'land-parcel', subject: sample.unprovisionedParcel }, { commune: sample.unprovisionedCommune });
    expect(unprovisioned.status).toBe(403);
    expect(await unprovisioned.json()).toMatchObject({ type: 'urn:commune-gateway:problem:not-provisioned', ticket: { status: 'failed' } });
  });

  it('refuses a callback URL outside the client’s registered prefixes', async () => {
    for (const callbackUrl of ['http://127.0.0.1:9/hooks', `${receiver.url}-evil/x`, 'http://169.254.169.254/latest/meta-data']) {
      const response = await post({ ...identity(0), callbackUrl });
      expect(response.status, callbackUrl).toBe(422);
      expect(((await response.json()) as { type: string }).type).toBe('urn:commune-gateway:problem:callback-not-allowed');
    }
  });
});

describe('verification expiry', () => {
  it('ends a ticket the upstream never answered as expired, and calls back', async () => {
    const gateway = await startTestGateway(queueSettings(await callbackClient(receiver.url), 'expiry', 1_500));
    try {
      gateway.simulators!.population.faults.set({ down: true });
      const sample = await fetchSample(gateway.simulators!.population.url);
      const person = sample.citizenDetails[0]!;
      const response = await poster(gateway.url)({
        type: 'citizen-identity', subject: { personalId: person.personalId, fullName: person.fullName, dateOfBirth: isoDate(person.dateOfBirth) },
        callbackUrl: `${receiver.url}/expiry`,
      });
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: string };
      const [callback] = (await receiver.waitFor((received) => received.some((c) => c.ticketId === id), 10_000)).filter((c) => c.ticketId === id);
      expect(callback).toMatchObject({ type: 'verification.expired', status: 'expired', signatureValid: true });
      const { body } = await getter(gateway.url)(`/v1/verifications/${id}`);
      expect(body).toMatchObject({ status: 'expired', failure: { code: 'expired' } });
    } finally {
      await gateway.close();
    }
  });
});
