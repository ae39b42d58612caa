import { describe, expect, it } from 'vitest';
import type { HealthEvent } from './events.ts';
import { createMemoryHealthStore } from './memory-store.ts';
import { createHealthRegistry, type HealthRegistryOptions } from './registry.ts';
import type { ProbeOutcome, UpstreamName } from './types.ts';

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);

function setup(overrides: Partial<HealthRegistryOptions> = {}) {
  let clock = T0;
  let ids = 0;
  const store = createMemoryHealthStore();
  const registry = createHealthRegistry({
    store,
    now: () => clock,
    newId: () => `inc-${++ids}`,
    probes: { population: { operation: 'lookup-citizen', failureThreshold: 3, successThreshold: 2 } },
    incidents: { openDownAfterMs: 0, openDegradedAfterMs: 60_000, closeAfterMs: 30_000 },
    ...overrides,
  });
  const events: HealthEvent[] = [];
  registry.subscribe((event) => events.push(event));
  const probe = async (outcome: ProbeOutcome, upstream: UpstreamName = 'population') => {
    registry.recordProbe({ upstream, operation: 'lookup-citizen', outcome, at: clock, latencyMs: 20, loggedIn: true });
    await registry.evaluate();
  };
  const advance = (ms: number) => {
    clock += ms;
  };
  const state = (upstream: UpstreamName = 'population') => registry.snapshot().upstreams.find((u) => u.upstream === upstream)!;
  return { registry, store, events, probe, advance, state, now: () => clock };
}

describe('health registry', () => {
  it('opens one incident when probes cross the failure threshold and closes it with the outage duration', async () => {
    const { probe, advance, events, store, state } = setup();
    await probe('ok');
    for (let i = 0; i < 3; i++) {
      advance(10_000);
      await probe('failed');
    }
    expect(state()).toMatchObject({ state: 'down', since: T0 + 10_000, reasons: ['probe-failing'] }); // from the first failure
    advance(10_000);
    await probe('ok');
    expect(state().state).toBe('down'); // one good probe is not a recovery
    advance(10_000);
    await probe('ok'); // recovery proved at T0 + 50 s: it began with the good probe at T0 + 40 s
    expect(state()).toMatchObject({ state: 'operational', since: T0 + 40_000 });
    for (let i = 0; i < 3; i++) {
      advance(10_000);
      await probe('ok');
    }
    const types = events.map((event) => event.type);
    expect(types).toEqual(['state-changed', 'incident-opened', 'state-changed', 'incident-closed']);
    const [stored] = await store.listIncidents({});
    expect(stored).toMatchObject({ status: 'closed', startedAt: T0 + 10_000, endedAt: T0 + 40_000, durationMs: 30_000, worstState: 'down' });
    expect(stored!.affectedOperations).toContain('probe:lookup-citizen');
  });

  it('counts failed, stale and refused calls and the communes they came from into the incident', async () => {
    const { registry, advance, store, now } = setup({ probes: {} });
    const call = (ok: boolean, extra: object = {}) =>
      registry.recordCall('civil-status', { operation: 'findBirths', ok, latencyMs: 50, at: now(), communeCode: '21085', ...extra });
    for (let i = 0; i < 10; i++) call(false, { errorCode: 'transient' });
    call(true, { freshness: 'stale', communeCode: '21088' });
    call(false, { errorCode: 'circuit-open', operation: 'maritalStatus' });
    await registry.evaluate();
    expect(registry.snapshot().upstreams[1]).toMatchObject({ state: 'down', reasons: ['error-rate-high'] });
    advance(61_000);
    await registry.evaluate();
    advance(31_000);
    await registry.evaluate();
    const [incident] = await store.listIncidents({ upstream: 'civil-status' });
    expect(incident).toMatchObject({
      status: 'closed', requestsFailed: 10, requestsServedStale: 1, requestsRejected: 1,
      affectedOperations: ['findBirths', 'maritalStatus'], communesAffected: ['21085', '21088'],
    });
  });

  it('does not open an incident for a degraded spell shorter than its threshold', async () => {
    const { registry, advance, events, now } = setup();
    registry.recordCall('land', { operation: 'findParcel', ok: true, freshness: 'stale', latencyMs: 10, at: now() });
    await registry.evaluate();
    expect(registry.snapshot().upstreams[2]!.state).toBe('degraded');
    advance(61_000);
    await registry.evaluate();
    expect(events.map((event) => event.type)).toEqual(['state-changed', 'state-changed']);
  });

  it('shows a refused login as "cannot log in", not as down', async () => {
    const { registry, probe, state } = setup();
    await probe('ok');
    registry.recordAdapterEvent({ type: 'auth-failed', upstream: 'population', atMs: 0, code: 'unauthorized', message: 'refused' });
    await probe('cannot-log-in');
    expect(state()).toMatchObject({ state: 'degraded', reasons: ['cannot-log-in'], login: 'failing' });
  });

  it('does not take a token endpoint that is down for a login problem', async () => {
    const { registry, state } = setup();
    registry.recordAdapterEvent({ type: 'auth-failed', upstream: 'population', atMs: 0, code: 'transient', message: '503' });
    await registry.evaluate();
    expect(state().login).toBe('unknown');
  });

  it('reads breaker states from pipeline events and the queue from the injected queue stats', async () => {
    const { registry, state, now } = setup({ probes: {}, queueStats: (upstream) => (upstream === 'land' ? { depth: 4, oldestTicketAt: T0 - 60_000 } : undefined) });
    registry.recordResilienceEvent('population', { type: 'breaker-state', group: 'tra-cuu', state: 'open', at: now() });
    await registry.evaluate();
    expect(state()).toMatchObject({ state: 'down', breaker: 'open', breakerGroups: { 'tra-cuu': 'open' } });
    expect(state('land')).toMatchObject({ state: 'degraded', reasons: ['queueing'], queue: { depth: 4, oldestTicketAt: T0 - 60_000 } });
  });

  it('judges land as not provisioned for a commune it refused, and operational for the others', async () => {
    const { registry, now } = setup();
    registry.recordCall('land', { operation: 'findParcel', ok: false, errorCode: 'not-provisioned', latencyMs: 10, at: now(), communeCode: '21099' });
    await registry.evaluate();
    expect(registry.snapshot().upstreams[2]).toMatchObject({ state: 'operational', notProvisionedCommunes: ['21099'] });
    expect(registry.snapshot({ communeCode: '21099' }).upstreams[2]!.state).toBe('not-provisioned');
  });

  it('is in maintenance during a configured window, and opens no incident for it', async () => {
    const maintenance = [{ upstream: 'population' as const, fromMs: T0, toMs: T0 + 3_600_000, note: 'Nâng cấp' }];
    const { probe, advance, state, events } = setup({ maintenance });
    for (let i = 0; i < 5; i++) {
      await probe('failed');
      advance(10_000);
    }
    expect(state()).toMatchObject({ state: 'maintenance', maintenance: maintenance[0] });
    expect(events.filter((event) => event.type === 'incident-opened')).toEqual([]);
  });

  it('writes minute buckets with the worst state of each minute', async () => {
    const { probe, advance, store, registry } = setup();
    await probe('ok');
    advance(20_000);
    for (let i = 0; i < 3; i++) await probe('failed');
    advance(60_000);
    await probe('ok');
    await probe('ok'); // recovered during the second minute, which began down
    advance(60_000);
    await probe('ok');
    await registry.flush();
    const minutes = await store.readMinutes('population', 0, T0 + 3_600_000);
    expect(minutes.map((bucket) => [bucket.minute - T0, bucket.state, bucket.probes, bucket.probeFailures])).toEqual([
      [0, 'down', 4, 3],
      [60_000, 'down', 2, 0],
      [120_000, 'operational', 1, 0],
    ]);
  });

  it('resumes an incident left open by a previous run', async () => {
    const first = setup();
    await first.probe('failed');
    await first.probe('failed');
    await first.probe('failed');
    await first.registry.flush();
    const second = setup({ store: first.store });
    await second.registry.restore();
    expect(second.state().openIncident).toMatchObject({ id: 'inc-1', status: 'open' });
    await second.probe('ok');
    second.advance(31_000);
    await second.registry.evaluate();
    expect(await first.store.listIncidents({ status: 'open' })).toEqual([]);
  });
});

describe('health registry at the start of a leadership term', () => {
  it('takes the open incidents from the store again each term, so one another leader closed meanwhile is not held open', async () => {
    const first = setup();
    for (let i = 0; i < 3; i++) await first.probe('failed');
    await first.registry.flush();
    const other = setup({ store: first.store });
    await other.registry.restore(); // its first term
    expect(other.state().openIncident).toMatchObject({ id: 'inc-1' });
    // It lost the role; the next leader closed the incident; then it leads again.
    const [open] = await first.store.listIncidents({ status: 'open' });
    await first.store.saveIncident({ ...open!, status: 'closed', endedAt: T0 + 60_000, durationMs: 60_000, updatedAt: T0 + 60_000 });
    await other.registry.restore();
    expect(other.state().openIncident).toBeNull();
    await other.probe('ok');
    await other.registry.flush();
    expect(await first.store.listIncidents({ status: 'open' })).toEqual([]);
  });

  it("judges real traffic from the start of its term: failures it saw as a follower were the previous leader's to judge", async () => {
    const { registry, probe, advance, state, now } = setup();
    // As a follower during an outage the previous leader has already seen end: its own share of failed calls.
    for (let i = 0; i < 10; i++) registry.recordCall('population', { operation: 'verifyIdentity', ok: false, errorCode: 'transient', latencyMs: 5, at: now() });
    advance(1_000);
    await registry.restore(); // elected
    await probe('ok');
    for (let i = 0; i < 20; i++) registry.recordCall('population', { operation: 'verifyIdentity', ok: true, latencyMs: 5, at: now() });
    await probe('ok');
    expect(state().state).toBe('operational');
  });
});

describe('health registry after a recovery', () => {
  it('stops judging the outage\'s failures once the probe sees the upstream recover', async () => {
    const { registry, probe, advance, state, now, store } = setup();
    await probe('ok');
    for (let i = 0; i < 3; i++) {
      registry.recordCall('population', { operation: 'lookupCitizen', ok: true, freshness: 'stale', latencyMs: 5, at: now() });
      await probe('failed');
    }
    expect(state().state).toBe('down');
    advance(5_000);
    await probe('ok');
    await probe('ok');
    expect(state()).toMatchObject({ state: 'operational', traffic: { byClass: { stale: 3 } } });
    advance(30_000);
    await registry.evaluate();
    expect((await store.listIncidents({}))[0]).toMatchObject({ status: 'closed', endedAt: T0 + 5_000, requestsServedStale: 3 });
  });
});

describe('health registry telling what really happened', () => {
  it('sees a recovery from probes alone: an idle half-open breaker does not hold the upstream degraded', async () => {
    const { registry, probe, advance, state, store, now } = setup();
    await probe('ok');
    advance(10_000);
    registry.recordResilienceEvent('population', { type: 'breaker-state', group: 'tra-cuu', state: 'open', at: now() });
    for (let i = 0; i < 3; i++) {
      await probe('failed');
      advance(10_000);
    }
    registry.recordResilienceEvent('population', { type: 'breaker-state', group: 'tra-cuu', state: 'half-open', at: now() });
    const upAt = now();
    await probe('ok');
    advance(10_000);
    await probe('ok');
    expect(state()).toMatchObject({ state: 'operational', since: upAt });
    advance(30_000);
    await registry.evaluate();
    const [incident] = await store.listIncidents({});
    expect(incident).toMatchObject({ status: 'closed', startedAt: T0 + 10_000, endedAt: upAt, durationMs: upAt - (T0 + 10_000) });
  });

  it('does not hold a breaker opened during the outage against an upstream the probes prove recovered', async () => {
    const { registry, probe, advance, state, now } = setup();
    registry.recordResilienceEvent('population', { type: 'breaker-state', group: 'tra-cuu', state: 'open', at: now() });
    for (let i = 0; i < 3; i++) await probe('failed');
    advance(1_000);
    await probe('ok');
    await probe('ok');
    expect(state().state).toBe('operational');
    // A breaker that opens again after the recovery is news: real calls fail.
    advance(1_000);
    registry.recordResilienceEvent('population', { type: 'breaker-state', group: 'tra-cuu', state: 'closed', at: now() });
    registry.recordResilienceEvent('population', { type: 'breaker-state', group: 'tra-cuu', state: 'open', at: now() });
    await registry.evaluate();
    expect(state()).toMatchObject({ state: 'degraded', reasons: ['breaker-open'] });
  });

  it('dates an outage from its first failed probe and its end from its first good one', async () => {
    const { probe, advance, store, registry, state } = setup();
    await probe('ok');
    advance(10_000);
    for (let i = 0; i < 3; i++) {
      await probe('failed');
      advance(10_000);
    }
    // The card's "since" and the incident's start are the same moment.
    expect(state().since).toBe(state().openIncident!.startedAt);
    await probe('ok');
    advance(10_000);
    await probe('ok');
    advance(30_000);
    await registry.evaluate();
    const [incident] = await store.listIncidents({});
    expect(incident).toMatchObject({ startedAt: T0 + 10_000, endedAt: T0 + 40_000, durationMs: 30_000 });
  });

  it('files refused credentials as a credentials incident of their own, never as an outage of the upstream', async () => {
    const { registry, probe, advance, store, events, state } = setup();
    await probe('ok');
    registry.recordAdapterEvent({ type: 'auth-failed', upstream: 'population', atMs: 0, code: 'unauthorized', message: 'refused' });
    for (let i = 0; i < 10; i++) {
      await probe('cannot-log-in');
      advance(10_000);
    }
    expect(state()).toMatchObject({ state: 'degraded', reasons: ['cannot-log-in'], openIncident: null });
    registry.recordAdapterEvent({ type: 'token-fetched', upstream: 'population', atMs: 0, expiresInSeconds: 3600 });
    await probe('ok');
    advance(31_000);
    await probe('ok');
    const incidents = await store.listIncidents({});
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ kind: 'credentials', upstream: 'population', status: 'closed', causes: ['cannot-log-in'], startedAt: T0 });
    const opened = events.filter((event) => event.type === 'incident-opened');
    expect(opened.map((event) => event.type === 'incident-opened' && event.incident.kind)).toEqual(['credentials']);
  });

  it('does not count the time before the first judgement after a restart as a recovery', async () => {
    const first = setup();
    for (let i = 0; i < 3; i++) await first.probe('failed');
    await first.registry.flush();
    const second = setup({ store: first.store });
    await second.registry.restore();
    await second.registry.evaluate(); // nothing known yet: no probe has run
    second.advance(31_000);
    await second.registry.evaluate();
    expect(await first.store.listIncidents({ status: 'open' })).toHaveLength(1);
  });
});

describe('health registry dating a degraded spell', () => {
  it('ends a spell of failing calls with the last failed call, not when the figures forget it', async () => {
    const { registry, advance, store, now } = setup({ probes: {}, incidents: { openDownAfterMs: 0, openDegradedAfterMs: 0, closeAfterMs: 30_000 } });
    const call = (ok: boolean, at: number) => registry.recordCall('land', { operation: 'findParcel', ok, errorCode: ok ? undefined : 'transient', latencyMs: 100, at });
    for (let i = 0; i < 10; i++) call(i % 3 !== 0, T0 + i * 100);
    advance(1_000);
    await registry.evaluate();
    expect(registry.snapshot().upstreams[2]!.state).toBe('degraded');
    call(false, T0 + 2_000);
    call(false, T0 + 3_000);
    advance(79_000); // nothing since: the judgement window forgets the failures
    await registry.evaluate();
    advance(120_000);
    await registry.evaluate();
    const incidents = await store.listIncidents({ upstream: 'land' });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.endedAt).toBe(T0 + 3_000 + 100); // the last failed call ended then
  });
});
