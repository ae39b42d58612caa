// The record against the script: the real gateway and simulators are driven through a timed script (healthy,
// outage, recovery with no traffic, flapping, slow and erroring, wrong credentials, maintenance), and the
// incident record and the alerts every channel got are checked against what the script really did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { ADMIN_KEY, startAlertGateway, startReceivers, type AlertGateway, type Receivers } from './alerts-support.ts';
import { PROBE } from './health-support.ts';

/** Health evaluates on its own beat this often (ms) besides after every probe. */
const EVALUATE_MS = 100;
/** What a loaded test machine adds to a probe's few milliseconds. */
const SLACK_MS = 400;
/** A start or an end is dated within one probe interval plus the evaluation step of the truth. */
const TOLERANCE_MS = PROBE.intervalMs + EVALUATE_MS + SLACK_MS;
const FLAPPING_WINDOW_MS = 2_500;
/** Good for this long closes an incident; the flapping bounces come back sooner, so they make one incident. */
const CLOSE_AFTER_MS = 1_000;
const SLOW_MS = 1_500;
const PROBE_TIMEOUT_MS = 3_000;
/** Good probes in a row that end an intermittent spell (twice the success threshold). */
const STEADY_PROBES = 2 * PROBE.successThreshold;

interface Entry {
  id: string;
  kind: string;
  status: string;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number | null;
  worstState: string;
  causes: string[];
  planned: boolean;
}

interface Episode {
  name: string;
  kind: 'outage' | 'credentials';
  worstState: 'down' | 'degraded';
  /** When the script made the upstream bad and good again, epoch ms. */
  from: number;
  to: number;
  /** Extra allowance for the start and the end (a slow answer is only seen once it arrives). */
  startSlackMs?: number;
  endSlackMs?: number;
}

let receivers: Receivers;
let gateway: AlertGateway;
const episodes: Episode[] = [];
let maintenance: { from: number; to: number } | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the population incident record holds `count` closed incidents. */
async function closedIncidents(count: number): Promise<void> {
  await eventually(async () => {
    const body = (await (await gateway.get('/v1/incidents?upstream=population&kind=outage')).json()) as { data: Entry[] };
    const credentials = (await (await gateway.get('/v1/incidents?upstream=population&kind=credentials')).json()) as { data: Entry[] };
    const all = [...body.data, ...credentials.data];
    return all.length === count && all.every((entry) => entry.status === 'closed');
  }, 10_000, 50);
}

/** Every alert queued so far has gone out and the rules hold nothing open. */
async function quiet(): Promise<void> {
  await eventually(async () => {
    await gateway.alerts.alerting.evaluate();
    const open = Object.values(gateway.alerts.alerting.state().upstreams).some((upstream) => Object.keys(upstream.active).length > 0);
    return !open && (await gateway.alerts.store.list('pending')).length === 0;
  }, 10_000, 50);
}

/**
 * Real lookups at a steady pace until `stop` is called: each loop asks for its own citizen (identical concurrent
 * lookups would share one upstream call) and skips the cache, so that each reaches the upstream.
 */
async function traffic(): Promise<() => Promise<void>> {
  const sample = (await (await fetch(`${gateway.simulators!.population.url}/__sim/sample`)).json()) as { citizens: string[] };
  let running = true;
  const loops = sample.citizens.slice(0, 12).map(async (citizen) => {
    while (running) await gateway.get(`/v1/citizens/${citizen}`, { 'Cache-Control': 'no-cache' }).then((response) => response.arrayBuffer()).catch(() => undefined);
  });
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

beforeAll(async () => {
  receivers = await startReceivers();
  gateway = await startAlertGateway(receivers, {
    rules: {
      degraded: { windowMs: 500 },
      credentials: { forMs: 0 },
      flapping: { windowMs: FLAPPING_WINDOW_MS, threshold: 3 },
    },
  }, (config) => {
    // The probe waits long enough to see a slow answer (a timeout would only say "no answer").
    config.health.probes.population.timeoutMs = PROBE_TIMEOUT_MS;
    config.health.judgement.slowMs = 1_000;
    config.health.judgement.windowMs = 5_000;
    config.health.judgement.judgementWindowMs = 5_000;
    config.health.incidents.openDegradedAfterMs = 500;
    config.health.incidents.closeAfterMs = CLOSE_AFTER_MS;
  });
  const sim = gateway.simulators!.population;
  await gateway.waitForCheck('population', (c) => c.state === 'operational' && c.lastProbe?.outcome === 'ok');

  // Healthy a while, then an outage of 1.5 s during which real lookups fail until the breaker opens, and a
  // recovery nobody calls for: only the probes can see it (the breaker waits, open or half-open, for a call).
  await sleep(500);
  let from = Date.now();
  sim.faults.set({ down: true });
  const stopLookups = await traffic();
  await eventually(() => Object.values(gateway.pipelines.population.snapshot().breakers).some((breaker) => breaker.state === 'open'), 1_500, 20);
  await stopLookups();
  await sleep(Math.max(0, from + 1_500 - Date.now()));
  let to = Date.now();
  sim.faults.clear();
  episodes.push({ name: 'outage', kind: 'outage', worstState: 'down', from, to });
  await closedIncidents(1);
  await quiet();
  await eventually(async () => {
    await gateway.alerts.alerting.evaluate();
    return gateway.alerts.alerting.state().upstreams.population.bounces.length === 0;
  }, FLAPPING_WINDOW_MS + 2_000, 100);

  // Flapping: four bounces, each back before the close delay ends: one incident, one flapping alert.
  from = Date.now();
  for (let bounce = 0; bounce < 4; bounce++) {
    sim.faults.set({ down: true });
    await gateway.waitForCheck('population', (c) => c.state === 'down');
    await sleep(150);
    to = Date.now();
    sim.faults.clear();
    await gateway.waitForCheck('population', (c) => c.state === 'operational');
  }
  episodes.push({ name: 'flapping', kind: 'outage', worstState: 'down', from, to });
  await closedIncidents(2);
  await quiet(); // the flapping alert ends once a window passed without an outage

  // Slow and partly failing, with real traffic: answered (mostly), slowly: degraded, never down.
  from = Date.now();
  sim.faults.set({ latencyMs: SLOW_MS, errorRate: 0.3 });
  const stop = await traffic();
  await sleep(6_000);
  await stop();
  to = Date.now();
  sim.faults.clear();
  // A slow answer is known only once it arrives (and 30 % of them are errors): the start may come a few slow
  // probes late. The end: the probe under way at the clear is still slow, and a partly failing upstream needs
  // STEADY_PROBES good probes in a row to be called steady again.
  episodes.push({
    name: 'slow', kind: 'outage', worstState: 'degraded', from, to,
    startSlackMs: 3 * (SLOW_MS + PROBE.intervalMs), endSlackMs: SLOW_MS + STEADY_PROBES * PROBE.intervalMs,
  });
  await closedIncidents(3);
  await quiet();

  // Wrong credentials: the token endpoint refuses the gateway: ours to fix, its own kind and its own alert.
  from = Date.now();
  sim.faults.set({ authDown: true });
  sim.revokeTokens();
  await gateway.waitForCheck('population', (c) => c.login === 'failing');
  await sleep(800);
  to = Date.now();
  sim.faults.clear();
  episodes.push({ name: 'credentials', kind: 'credentials', worstState: 'degraded', from, to });
  await closedIncidents(4);
  await quiet();

  // Planned maintenance: down inside an announced window: shown as maintenance, no incident, no alert.
  maintenance = { from: Date.now() - 100, to: Date.now() + 2_000 };
  const created = await fetch(`${gateway.url}/v1/admin/maintenance`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ upstream: 'population', from: new Date(maintenance.from).toISOString(), to: new Date(maintenance.to).toISOString() }),
  });
  expect(created.status).toBe(201);
  sim.faults.set({ down: true });
  await gateway.waitForCheck('population', (c) => c.state === 'maintenance' && c.lastProbe?.outcome === 'failed');
  await sleep(600);
  sim.faults.clear();
  await gateway.waitForCheck('population', (c) => c.lastProbe?.outcome === 'ok');
  await sleep(Math.max(0, maintenance.to - Date.now()) + CLOSE_AFTER_MS);
  await gateway.waitForCheck('population', (c) => c.state === 'operational');
  await quiet();
}, 90_000);

afterAll(async () => {
  await gateway?.close();
  await receivers?.close();
});

describe('the incident record and the alerts against a timed script', () => {
  it('records each episode of the script, dated to within a probe interval and the evaluation step, of its kind', async () => {
    const body = (await (await gateway.get('/v1/incidents?upstream=population')).json()) as { data: Entry[] };
    const judged = body.data.filter((entry) => !entry.planned).reverse();
    expect(judged.map((entry) => [entry.kind, entry.worstState])).toEqual(episodes.map((episode) => [episode.kind, episode.worstState]));
    for (const [index, episode] of episodes.entries()) {
      const entry = judged[index]!;
      const startedAt = Date.parse(entry.startedAt);
      const endedAt = Date.parse(entry.endedAt!);
      const where = `${episode.name}: started ${startedAt - episode.from} ms after the script, ended ${endedAt - episode.to} ms after it`;
      expect(startedAt, where).toBeGreaterThanOrEqual(episode.from);
      expect(startedAt, where).toBeLessThanOrEqual(episode.from + TOLERANCE_MS + (episode.startSlackMs ?? 0));
      expect(endedAt, where).toBeGreaterThanOrEqual(episode.to);
      expect(endedAt, where).toBeLessThanOrEqual(episode.to + TOLERANCE_MS + (episode.endSlackMs ?? 0));
      expect(entry.durationSeconds).toBe(Math.round((endedAt - startedAt) / 1000));
    }
    expect(judged[3]!.causes).toEqual(['cannot-log-in']);
    for (const entry of judged.slice(0, 3)) expect(entry.causes).not.toContain('cannot-log-in');
    // The province can leave our own login problems out when it blames the upstream.
    const outages = (await (await gateway.get('/v1/incidents?upstream=population&kind=outage')).json()) as { data: Entry[] };
    expect(outages.data.map((entry) => entry.kind)).toEqual(['outage', 'outage', 'outage']);
    const planned = body.data.filter((entry) => entry.planned);
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({ kind: 'maintenance', worstState: 'maintenance' });
  });

  it('sends exactly one alert and one resolution per episode on every channel, of the right rule', async () => {
    const hooks = gateway.webhooks().map((hook) => ({ type: hook.type, rule: String(hook.data['rule']), key: String(hook.data['dedupKey']) }));
    expect(hooks.filter((hook) => hook.type === 'alert.reminder')).toEqual([]);
    const byKey = new Map<string, string[]>();
    for (const hook of hooks) byKey.set(hook.key, [...(byKey.get(hook.key) ?? []), hook.type]);
    for (const [key, types] of byKey) expect(types, key).toEqual(['alert.firing', 'alert.resolved']);
    const rules = [...byKey.keys()].map((key) => key.split('/')[0]);
    // The outage alerts; the flapping episode alerts once as an outage, then as flapping (not a storm); the slow
    // registry as degraded (never down); the wrong secret only as credentials; nothing for the maintenance.
    expect(rules).toEqual(['down', 'down', 'flapping', 'degraded', 'credentials']);
    // Every channel got the same messages.
    const count = hooks.length;
    await Promise.all([receivers.alertmanager.received(count), receivers.telegram.received(count), receivers.smtp.received(count)]);
    expect(receivers.telegram.requests).toHaveLength(count);
    expect(receivers.smtp.messages).toHaveLength(count);
    expect(receivers.alertmanager.requests).toHaveLength(count);
  });
});
