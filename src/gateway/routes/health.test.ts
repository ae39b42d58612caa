import { describe, expect, it } from 'vitest';
import { healthApp } from './health-fixture.ts';

describe('health endpoints', () => {
  it('answers /health/live with pass, for the process alone', async () => {
    const { app } = await healthApp({ withHealth: false });
    const response = await app.request('/health/live');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/health+json');
    expect(await response.json()).toEqual({ status: 'pass' });
  });

  it('answers /health/ready from the store only: pass while it answers, even with every upstream down', async () => {
    const { app, probes } = await healthApp();
    await probes({ population: 'failed', 'civil-status': 'failed', land: 'failed' });
    await probes({ population: 'failed', 'civil-status': 'failed', land: 'failed' });
    const response = await app.request('/health/ready');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'pass' });
  });

  it('answers /health/ready 503 when the store does not answer', async () => {
    const { app } = await healthApp({ ready: async () => { throw new Error('disk I/O error'); } });
    const response = await app.request('/health/ready');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'fail' });
  });

  it('reports each upstream in /v1/status as application/health+json without an API key', async () => {
    const { app, probes, advance } = await healthApp();
    await probes({ population: 'ok', 'civil-status': 'ok', land: 'ok' });
    advance(10_000);
    await probes({ population: 'failed' });
    advance(10_000);
    await probes({ population: 'failed' });
    const response = await app.request('/v1/status');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/health+json');
    const body = (await response.json()) as { status: string; checks: Record<string, Array<Record<string, unknown>>> };
    expect(body.status).toBe('fail');
    expect(Object.keys(body.checks)).toEqual(['population:availability', 'civil-status:availability', 'land:availability']);
    expect(body.checks['population:availability']![0]).toMatchObject({
      // Dated from the first failed probe: the outage began then, not when the threshold was reached.
      componentId: 'population', status: 'fail', state: 'down', since: '2026-03-02T02:00:10.000Z', reasons: ['probe-failing'],
      breaker: 'unknown', login: 'ok', lastProbe: { outcome: 'failed', failedStep: 'lookup', latencyMs: 42 },
      openIncident: { startedAt: '2026-03-02T02:00:10.000Z', worstState: 'down' },
    });
    expect(body.checks['land:availability']![0]).toMatchObject({ status: 'pass', state: 'operational', login: 'unknown' });
  });

  it('judges /v1/status for one commune when asked, and rejects a malformed commune code', async () => {
    const { app, registry, now, probes } = await healthApp();
    await probes({ population: 'ok', 'civil-status': 'ok' }); // judged: "no figures yet" would warn
    registry.recordCall('land', { operation: 'findParcel', ok: false, errorCode: 'not-provisioned', latencyMs: 5, at: now(), communeCode: '21099' });
    await registry.evaluate();
    const forCommune = (await (await app.request('/v1/status?commune=21099')).json()) as { status: string; checks: Record<string, Array<{ state: string }>> };
    expect(forCommune.checks['land:availability']![0]!.state).toBe('not-provisioned');
    expect(forCommune.status).toBe('pass');
    expect((await app.request('/v1/status?commune=abc')).status).toBe(400);
  });
});
