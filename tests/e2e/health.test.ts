// Upstream health end to end: real gateway, real simulators, fast probes, faults injected in the simulators.
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { CLOSE_AFTER_MS, PROBE, startHealthGateway, type HealthGateway } from './health-support.ts';

let gateway: HealthGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

interface IncidentBody {
  data: Array<{ id: string; upstream: string; status: string; startedAt: string; endedAt: string | null; durationSeconds: number | null; worstState: string; requestsServedStale: number; affectedOperations: string[] }>;
}

/** A probe run takes a few ms against a local simulator; allow generously for a loaded CI machine. */
const SLACK_MS = 1_500;

describe('upstream health', () => {
  it('reports every upstream operational once the first probes pass', async () => {
    gateway = await startHealthGateway();
    for (const upstream of ['population', 'civil-status', 'land']) {
      const check = await gateway.waitForCheck(upstream, (c) => c.lastProbe?.outcome === 'ok');
      expect(check).toMatchObject({ status: 'pass', state: 'operational' });
    }
    expect((await gateway.status()).status).toBe('pass');
  });

  it('says down within interval × threshold of an outage, and closes the incident with its duration on recovery', async () => {
    gateway = await startHealthGateway();
    const sim = gateway.simulators!.population;
    await gateway.waitForCheck('population', (c) => c.lastProbe?.outcome === 'ok');
    // A lookup answered now is served stale during the outage (real traffic counted in the incident).
    expect((await gateway.get('/v1/citizens/051190000123')).status).toBe(200);

    const downAt = Date.now();
    sim.faults.set({ down: true });
    const down = await gateway.waitForCheck('population', (c) => c.state === 'down', PROBE.intervalMs * PROBE.failureThreshold + SLACK_MS);
    expect(Date.now() - downAt).toBeLessThanOrEqual(PROBE.intervalMs * PROBE.failureThreshold + SLACK_MS);
    expect(down).toMatchObject({ status: 'fail', reasons: ['probe-failing'], lastProbe: { outcome: 'failed' } });
    expect(Date.parse(down.since) - downAt).toBeLessThanOrEqual(PROBE.intervalMs * PROBE.failureThreshold + SLACK_MS);
    expect(down.openIncident).not.toBeNull();
    expect((await gateway.status()).status).toBe('fail');
    const stale = await gateway.get('/v1/citizens/051190000123', { 'Cache-Control': 'no-cache' });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('cache-status')).toContain('stale');

    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the outage lasts a measurable while
    const upAt = Date.now();
    sim.faults.clear();
    await gateway.waitForCheck('population', (c) => c.state === 'operational', PROBE.intervalMs * PROBE.successThreshold + SLACK_MS);

    const incidents = await eventually(async () => {
      const body = (await (await gateway!.get('/v1/incidents?upstream=population')).json()) as IncidentBody;
      return body.data[0]?.status === 'closed' ? body : undefined;
    }, CLOSE_AFTER_MS + SLACK_MS);
    expect(incidents.data).toHaveLength(1);
    const incident = incidents.data[0]!;
    const startedAt = Date.parse(incident.startedAt);
    const endedAt = Date.parse(incident.endedAt!);
    expect(startedAt).toBeGreaterThanOrEqual(downAt);
    expect(endedAt).toBeGreaterThanOrEqual(upAt);
    // The recorded outage matches the injected one, give or take the probe thresholds.
    const injectedMs = upAt - downAt;
    expect(endedAt - startedAt).toBeGreaterThan(injectedMs - PROBE.intervalMs * PROBE.failureThreshold - SLACK_MS);
    expect(endedAt - startedAt).toBeLessThan(injectedMs + PROBE.intervalMs * PROBE.successThreshold + SLACK_MS);
    expect(incident.durationSeconds).toBe(Math.round((endedAt - startedAt) / 1000));
    expect(incident).toMatchObject({ worstState: 'down' });
    expect(incident.requestsServedStale).toBeGreaterThanOrEqual(1);
    expect(incident.affectedOperations).toEqual(expect.arrayContaining(['lookupCitizen', 'probe:lookup-citizen']));
  });

  it('shows refused credentials as "cannot log in", not as down, and recovers when login works again', async () => {
    gateway = await startHealthGateway();
    const sim = gateway.simulators!.civilStatus;
    await gateway.waitForCheck('civil-status', (c) => c.lastProbe?.outcome === 'ok');
    sim.faults.set({ authDown: true });
    const refused = await gateway.waitForCheck('civil-status', (c) => c.login === 'failing');
    expect(refused).toMatchObject({ state: 'degraded', status: 'warn', reasons: ['cannot-log-in'], lastProbe: { outcome: 'cannot-log-in' } });
    sim.faults.clear();
    await gateway.waitForCheck('civil-status', (c) => c.state === 'operational' && c.login === 'ok');
  });

  it('keeps /health/ready passing while every upstream is down', async () => {
    gateway = await startHealthGateway();
    for (const sim of Object.values(gateway.simulators!)) if (typeof sim === 'object' && sim && 'faults' in sim) sim.faults.set({ down: true });
    await gateway.waitForCheck('land', (c) => c.state === 'down', PROBE.intervalMs * PROBE.failureThreshold + SLACK_MS);
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'pass' });
  });
});
