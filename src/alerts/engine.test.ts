import { describe, expect, it } from 'vitest';
import type { HealthEvent } from '../health/events.ts';
import type { Incident } from '../health/store.ts';
import type { HealthState, LoginState, MaintenanceWindow, UpstreamName } from '../health/types.ts';
import { AlertRulesSchema } from './config.ts';
import { step, type EngineInput, type EngineSettings, type UpstreamFigures } from './engine.ts';
import { initialEngineState, type EngineState } from './engine-state.ts';
import type { Alert } from './types.ts';

const MIN = 60_000;

interface SettingsChange {
  channels?: EngineSettings['channels'];
  maintenance?: EngineSettings['maintenance'];
  /** Rule thresholds as a province writes them (defaults filled in). */
  rules?: Record<string, Record<string, unknown>>;
}

function settings(change: SettingsChange = {}): EngineSettings {
  return {
    channels: change.channels ?? [{ name: 'mail', rules: ['down', 'degraded', 'backlog', 'credentials', 'flapping'], reminderIntervalMs: 60 * MIN }],
    maintenance: change.maintenance ?? [],
    rules: AlertRulesSchema.parse(change.rules ?? {}),
  };
}

const incident = (id: string, startedAt: number, extra: Partial<Incident> = {}): Incident => ({
  id, upstream: 'population', kind: 'outage', status: 'open', startedAt, endedAt: null, durationMs: null, worstState: 'down',
  causes: ['probe-failing'], affectedOperations: ['lookupCitizen'], requestsFailed: 12, requestsServedStale: 4, requestsRejected: 0,
  ticketsQueued: 5, communesAffected: ['21085', '21088'], updatedAt: startedAt, ...extra,
});

/** Drives the engine through inputs, keeping the state, collecting every alert. */
function driver(engineSettings: EngineSettings = settings()) {
  let state: EngineState = initialEngineState();
  const alerts: Alert[] = [];
  let open: Incident | null = null;
  let current: HealthState = 'operational';
  let login: LoginState = 'unknown';
  let queue = { depth: 0, oldest: null as number | null };
  const feed = (input: EngineInput) => {
    const result = step(state, input, engineSettings);
    state = result.state;
    alerts.push(...result.alerts);
    return result.alerts;
  };
  const health = (event: HealthEvent) => feed({ type: 'health', event });
  const figures = (at: number, upstream: UpstreamName = 'population'): UpstreamFigures => ({
    upstream, state: current, since: at, reasons: current === 'down' ? ['probe-failing'] : current === 'degraded' ? ['slow'] : [],
    login, queueDepth: queue.depth, oldestTicketAt: queue.oldest, queueCommunes: queue.depth > 0 ? ['21085'] : [],
    openIncident: open, drainRatePerSecond: 2,
  });
  return {
    alerts,
    health,
    get state() { return state; },
    set state(value: EngineState) { state = value; },
    set login(value: LoginState) { login = value; },
    set queue(value: { depth: number; oldest: number | null }) { queue = value; },
    change(to: HealthState, at: number) {
      const from = current;
      current = to;
      return health({ type: 'state-changed', upstream: 'population', from, to, reasons: to === 'down' ? ['probe-failing'] : to === 'degraded' ? ['slow'] : [], at });
    },
    open(id: string, at: number, startedAt = at) {
      open = incident(id, startedAt);
      return health({ type: 'incident-opened', incident: open, at });
    },
    close(at: number, endedAt: number) {
      const closing = { ...open!, status: 'closed' as const, endedAt, durationMs: endedAt - open!.startedAt };
      open = null;
      return health({ type: 'incident-closed', incident: closing, at });
    },
    /** Figures every 5 s over [from, to). */
    tick(from: number, to: number) {
      const produced: Alert[] = [];
      for (let at = from; at < to; at += 5_000) produced.push(...feed({ type: 'figures', at, upstreams: [figures(at)] }));
      return produced;
    },
  };
}

const summary = (alerts: Alert[]) => alerts.map((alert) => `${alert.phase} ${alert.dedupKey}`);

describe('rule engine: outages', () => {
  it('sends one down alert and one recovery per outage, whatever the number of events and figures in between', () => {
    const engine = driver();
    engine.change('down', 0);
    engine.open('inc-1', 0);
    engine.tick(0, 2 * MIN);
    engine.change('degraded', 2 * MIN);
    engine.change('down', 2 * MIN + 5_000);
    engine.tick(2 * MIN + 5_000, 4 * MIN);
    engine.change('operational', 4 * MIN);
    engine.tick(4 * MIN, 6 * MIN);
    engine.close(6 * MIN, 4 * MIN);
    engine.tick(6 * MIN, 8 * MIN);
    expect(summary(engine.alerts)).toEqual(['firing down/population/inc-1', 'resolved down/population/inc-1']);
    const [down, recovered] = engine.alerts;
    expect(down).toMatchObject({ rule: 'down', severity: 'critical', incidentId: 'inc-1', startsAt: 0, channels: ['mail'], endsAt: null });
    expect(down!.facts).toMatchObject({ state: 'down', communesAffected: ['21085', '21088'], ticketsQueued: 5, requestsFailed: 12 });
    expect(recovered).toMatchObject({ id: 'down/population/inc-1#resolved', endsAt: 4 * MIN, channels: ['mail'] });
  });

  it('gives every outage its own dedup key, stable from firing to resolution, and never fires the same one twice', () => {
    const engine = driver();
    for (const [index, start] of [0, 60 * MIN].entries()) {
      engine.change('down', start);
      engine.open(`inc-${index}`, start);
      engine.open(`inc-${index}`, start + 1); // a duplicated event changes nothing
      engine.tick(start, start + MIN);
      engine.change('operational', start + MIN);
      engine.close(start + 3 * MIN, start + MIN);
      engine.tick(start + 3 * MIN, start + 4 * MIN);
    }
    expect(summary(engine.alerts)).toEqual([
      'firing down/population/inc-0', 'resolved down/population/inc-0', 'firing down/population/inc-1', 'resolved down/population/inc-1',
    ]);
    expect(new Set(engine.alerts.map((alert) => alert.id)).size).toBe(4);
  });

  it('waits for an incident: a short dip the health thresholds did not call an incident alerts nobody', () => {
    const engine = driver();
    engine.change('down', 0);
    engine.tick(0, 30_000);
    engine.change('operational', 30_000);
    engine.tick(30_000, 5 * MIN);
    expect(engine.alerts).toEqual([]);
  });

  it('resolves from the figures when the incident is gone and its close event never came (a restart)', () => {
    const engine = driver();
    engine.change('down', 0);
    engine.open('inc-1', 0);
    engine.tick(0, MIN);
    engine.change('operational', MIN);
    const stored = JSON.parse(JSON.stringify(engine.state)) as EngineState;
    const produced = driverWithoutIncident(stored, 2 * MIN);
    expect(summary(produced)).toEqual(['resolved down/population/inc-1']);
    expect(produced[0]!.endsAt).toBe(MIN);
  });
});

function driverWithoutIncident(state: EngineState, at: number): Alert[] {
  const figures: UpstreamFigures = {
    upstream: 'population', state: 'operational', since: MIN, reasons: [], login: 'ok', queueDepth: 0, oldestTicketAt: null,
    queueCommunes: [], openIncident: null, drainRatePerSecond: null,
  };
  return step(state, { type: 'figures', at, upstreams: [figures] }, settings()).alerts;
}

describe('rule engine: reminders', () => {
  it('reminds each channel at its own interval while the outage lasts, with the same dedup key', () => {
    const engine = driver(settings({
      channels: [
        { name: 'mail', rules: ['down'], reminderIntervalMs: 10 * MIN },
        { name: 'am', rules: ['down'], reminderIntervalMs: 4 * MIN },
        { name: 'chat', rules: ['down'], reminderIntervalMs: 0 },
      ],
    }));
    engine.change('down', 0);
    engine.open('inc-1', 0);
    engine.tick(0, 21 * MIN);
    const reminders = engine.alerts.filter((alert) => alert.phase === 'reminder');
    expect(reminders.map((alert) => [alert.at / MIN, alert.channels])).toEqual([
      [4, ['am']], [8, ['am']], [10, ['mail']], [12, ['am']], [16, ['am']], [20, ['am', 'mail']],
    ]);
    expect(new Set(reminders.map((alert) => alert.dedupKey))).toEqual(new Set(['down/population/inc-1']));
    expect(reminders.map((alert) => alert.id)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `down/population/inc-1#reminder-${n}`));
    engine.change('operational', 21 * MIN);
    engine.close(23 * MIN, 21 * MIN);
    expect(engine.alerts.at(-1)).toMatchObject({ phase: 'resolved', channels: ['am', 'chat', 'mail'] });
  });
});

describe('rule engine: flapping', () => {
  it('turns an upstream that keeps bouncing into one flapping alert, then one resolution once it settles', () => {
    const engine = driver(settings({ rules: { flapping: { windowMs: 10 * MIN, threshold: 3 } } }));
    let at = 0;
    for (let bounce = 0; bounce < 8; bounce++) {
      engine.change('down', at);
      engine.open(`inc-${bounce}`, at);
      engine.tick(at, at + 30_000);
      engine.change('operational', at + 30_000);
      engine.close(at + 40_000, at + 30_000);
      engine.tick(at + 40_000, at + MIN);
      at += MIN;
    }
    engine.tick(at, at + 15 * MIN);
    const flapping = engine.alerts.filter((alert) => alert.rule === 'flapping');
    expect(summary(flapping)).toEqual(['firing flapping/population/0', 'resolved flapping/population/0']);
    expect(flapping[0]!.facts.bounces).toBe(3);
    // The two outages before the pattern showed alerted and recovered; none after.
    expect(summary(engine.alerts.filter((alert) => alert.rule === 'down'))).toEqual([
      'firing down/population/inc-0', 'resolved down/population/inc-0', 'firing down/population/inc-1', 'resolved down/population/inc-1',
    ]);
    expect(flapping[1]!.at).toBe(7 * MIN + 10 * MIN);
  });
});

describe('rule engine: maintenance', () => {
  const window: MaintenanceWindow = { upstream: 'population', fromMs: 0, toMs: 30 * MIN, note: 'Nâng cấp' };

  it('sends no down alert, reminder or flapping alert while the upstream is in a maintenance window', () => {
    const engine = driver(settings({ maintenance: [window] }));
    for (let i = 0; i < 5; i++) {
      engine.change('down', i * 4 * MIN);
      engine.open(`inc-${i}`, i * 4 * MIN);
      engine.tick(i * 4 * MIN, i * 4 * MIN + 2 * MIN);
      engine.change('operational', i * 4 * MIN + 2 * MIN);
      engine.close(i * 4 * MIN + 3 * MIN, i * 4 * MIN + 2 * MIN);
    }
    expect(engine.alerts).toEqual([]);
  });

  it('alerts once the window is over if the upstream is still down', () => {
    const engine = driver(settings({ maintenance: [window] }));
    engine.change('down', 20 * MIN);
    engine.open('inc-1', 20 * MIN);
    engine.tick(20 * MIN, 30 * MIN);
    expect(engine.alerts).toEqual([]);
    engine.tick(30 * MIN, 31 * MIN);
    expect(summary(engine.alerts)).toEqual(['firing down/population/inc-1']);
  });

  it('only concerns the upstream it names', () => {
    const engine = driver(settings({ maintenance: [{ ...window, upstream: 'land' }] }));
    engine.change('down', 0);
    engine.open('inc-1', 0);
    expect(summary(engine.alerts)).toEqual(['firing down/population/inc-1']);
  });
});

describe('rule engine: degraded, backlog, credentials', () => {
  it('alerts a degraded upstream after the window, and a later outage supersedes it: each alert resolved once in the end', () => {
    const engine = driver(settings({ rules: { degraded: { windowMs: 10 * MIN } } }));
    engine.change('degraded', 0);
    engine.tick(0, 2 * MIN);
    engine.open('inc-1', 2 * MIN, 0);
    engine.tick(2 * MIN, 10 * MIN);
    expect(engine.alerts).toEqual([]);
    engine.tick(10 * MIN, 11 * MIN);
    expect(summary(engine.alerts)).toEqual(['firing degraded/population/inc-1']);
    expect(engine.alerts[0]).toMatchObject({ severity: 'warning', startsAt: 0 });
    engine.change('down', 11 * MIN);
    expect(engine.alerts.at(-1)).toMatchObject({ phase: 'firing', dedupKey: 'down/population/inc-1', supersedes: [{ dedupKey: 'degraded/population/inc-1' }] });
    engine.change('operational', 12 * MIN);
    engine.close(14 * MIN, 12 * MIN);
    expect(summary(engine.alerts)).toEqual([
      'firing degraded/population/inc-1', 'firing down/population/inc-1', 'resolved degraded/population/inc-1', 'resolved down/population/inc-1',
    ]);
    expect(engine.alerts[2]).toMatchObject({ endsAt: 12 * MIN, channels: ['mail'] });
  });

  it('alerts a backlog above N or an oldest ticket older than T once, and resolves it when the queue is back under', () => {
    const engine = driver(settings({ rules: { backlog: { maxQueued: 50, maxOldestAgeMs: 15 * MIN } } }));
    engine.queue = { depth: 10, oldest: 0 };
    engine.tick(0, 15 * MIN + 5_000);
    expect(summary(engine.alerts)).toEqual([]);
    engine.tick(15 * MIN + 5_000, 20 * MIN);
    expect(summary(engine.alerts)).toEqual([`firing backlog/population/${15 * MIN + 5_000}`]);
    expect(engine.alerts[0]!.facts).toMatchObject({ queueDepth: 10, oldestTicketAt: 0, estimatedDrainSeconds: 5, communesAffected: ['21085'] });
    engine.queue = { depth: 60, oldest: 19 * MIN };
    engine.tick(20 * MIN, 25 * MIN);
    engine.queue = { depth: 0, oldest: null };
    engine.tick(25 * MIN, 26 * MIN);
    expect(summary(engine.alerts)).toEqual([`firing backlog/population/${15 * MIN + 5_000}`, `resolved backlog/population/${15 * MIN + 5_000}`]);
  });

  it('alerts refused credentials after their delay, resolves when the login works again, and ignores a short blip', () => {
    const engine = driver(settings({ rules: { credentials: { forMs: MIN } } }));
    engine.login = 'failing';
    engine.tick(0, 30_000);
    engine.login = 'ok';
    engine.tick(30_000, 2 * MIN);
    expect(engine.alerts).toEqual([]);
    engine.login = 'failing';
    engine.tick(2 * MIN, 4 * MIN);
    engine.login = 'ok';
    engine.tick(4 * MIN, 5 * MIN);
    expect(summary(engine.alerts)).toEqual([`firing credentials/population/${2 * MIN}`, `resolved credentials/population/${2 * MIN}`]);
    expect(engine.alerts[0]!.at).toBe(3 * MIN);
  });

  it('reads refused credentials from state changes too (the judgement names them)', () => {
    const engine = driver(settings({ rules: { credentials: { forMs: 0 } } }));
    const produced = step(engine.state, {
      type: 'health', event: { type: 'state-changed', upstream: 'land', from: 'operational', to: 'degraded', reasons: ['cannot-log-in'], at: 5 },
    }, settings({ rules: { credentials: { forMs: 0 } } }));
    expect(summary(produced.alerts)).toEqual(['firing credentials/land/5']);
  });

  it('sends each rule only to the channels that take it, and resolutions always to those that got the alert', () => {
    const engine = driver(settings({
      channels: [{ name: 'ops', rules: ['down'], reminderIntervalMs: 0 }, { name: 'queue-team', rules: ['backlog'], reminderIntervalMs: 0 }],
    }));
    engine.change('down', 0);
    engine.open('inc-1', 0);
    engine.queue = { depth: 100, oldest: 0 };
    engine.tick(0, 10_000);
    expect(engine.alerts.map((alert) => [alert.rule, alert.channels])).toEqual([['down', ['ops']], ['backlog', ['queue-team']]]);
  });

  it('never mutates the state it is given', () => {
    const state = initialEngineState();
    const before = JSON.stringify(state);
    step(state, { type: 'health', event: { type: 'state-changed', upstream: 'land', from: 'operational', to: 'down', reasons: [], at: 1 } }, settings());
    expect(JSON.stringify(state)).toBe(before);
  });
});

describe('rule engine: telling what really happened', () => {
  it('sends no down reminder once the upstream is no longer down, and the resolution when the incident ends', () => {
    const engine = driver(settings({ channels: [{ name: 'mail', rules: ['down', 'degraded'], reminderIntervalMs: 2 * MIN }] }));
    engine.change('down', 0);
    engine.open('inc-1', 0);
    engine.tick(0, MIN);
    engine.change('degraded', MIN); // breaker open, probes recovering
    engine.tick(MIN, 10 * MIN);
    expect(summary(engine.alerts)).toEqual(['firing down/population/inc-1']);
    engine.change('operational', 10 * MIN);
    engine.close(12 * MIN, 10 * MIN);
    expect(summary(engine.alerts)).toEqual(['firing down/population/inc-1', 'resolved down/population/inc-1']);
  });

  it('states the same episode in every flapping reminder: outages since it began, over the time since it began', () => {
    const engine = driver(settings({
      channels: [{ name: 'mail', rules: ['flapping'], reminderIntervalMs: 3 * MIN }],
      rules: { flapping: { windowMs: 4 * MIN, threshold: 3 } },
    }));
    let at = 0;
    for (let bounce = 0; bounce < 4; bounce++) {
      engine.change('down', at);
      engine.tick(at, at + 20_000);
      engine.change('operational', at + 20_000);
      engine.tick(at + 20_000, at + 40_000);
      at += 40_000;
    }
    engine.tick(at, at + 3 * MIN);
    const flapping = engine.alerts.filter((alert) => alert.rule === 'flapping' && alert.phase !== 'resolved');
    expect(flapping.map((alert) => alert.phase)).toEqual(['firing', 'reminder']);
    const [firing, reminder] = flapping;
    expect(firing!.facts.bounces).toBe(3);
    expect(reminder!.facts.bounces).toBe(4); // never fewer than the firing said
    expect(reminder!.startsAt).toBe(firing!.startsAt);
  });

  it('leaves a credentials incident to the credentials rule: no degraded or down alert for our own login problem', () => {
    const engine = driver();
    engine.login = 'failing';
    engine.change('degraded', 0);
    engine.health({ type: 'incident-opened', incident: incident('cred-1', 0, { kind: 'credentials', worstState: 'degraded', causes: ['cannot-log-in'] }), at: 0 });
    engine.tick(0, 20 * MIN);
    expect(summary(engine.alerts)).toEqual([`firing credentials/population/0`]);
  });

  it('does not take "no figures yet" after a restart for a recovery, nor count the outage again as a bounce', () => {
    const engine = driver();
    engine.change('down', 0);
    engine.open('inc-1', 0);
    engine.tick(0, MIN);
    const restarted = step(engine.state, { type: 'figures', at: MIN + 1_000, upstreams: [{
      upstream: 'population', state: 'operational', since: MIN + 1_000, reasons: ['no-data'], login: 'unknown', queueDepth: 0,
      oldestTicketAt: null, queueCommunes: [], openIncident: incident('inc-1', 0), drainRatePerSecond: null,
    }] }, settings());
    expect(restarted.alerts).toEqual([]);
    expect(restarted.state.upstreams.population.view).toMatchObject({ state: 'down', downSince: 0 });
  });

  it('gives an alert fired again for the same incident new message ids, so the outbox does not drop it', () => {
    const engine = driver();
    engine.change('down', 0);
    engine.open('inc-1', 0);
    engine.tick(0, MIN);
    // A run that saw no open incident resolved it (e.g. evaluated before the incidents were restored)…
    engine.state = step(engine.state, { type: 'figures', at: MIN, upstreams: [{
      upstream: 'population', state: 'down', since: 0, reasons: ['probe-failing'], login: 'unknown', queueDepth: 0,
      oldestTicketAt: null, queueCommunes: [], openIncident: null, drainRatePerSecond: null,
    }] }, settings()).state;
    // …then the incident is seen again: the new alert must not reuse the first one's ids.
    engine.tick(MIN + 5_000, 2 * MIN);
    const firings = engine.alerts.filter((alert) => alert.phase === 'firing');
    expect(firings).toHaveLength(2);
    expect(firings[1]!.id).not.toBe(firings[0]!.id);
  });
});
