import { describe, expect, it } from 'vitest';
import type { Adapters } from '../../adapters/contract.ts';
import { createMaintenanceSchedule } from '../../alerts/maintenance.ts';
import { createMemoryAlertStore } from '../../alerts/memory-store.ts';
import { createMemoryHealthStore } from '../../health/memory-store.ts';
import { createHealthRegistry } from '../../health/registry.ts';
import { createApp } from '../app.ts';
import { sha256Hex } from '../../keys/sha256.ts';
import type { Logger, Services, UpstreamCaller } from '../services.ts';

const ADMIN_KEY = 'admin-key-0123456789abcdef';
const CLIENT_KEY = 'client-key-0123456789';
const T0 = Date.UTC(2026, 2, 7, 14, 0); // 21:00 in Hà Nội
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
const unused: UpstreamCaller = { deadlineMs: () => 1000, execute: async () => { throw new Error('unused'); } };

async function adminApp(withAdmin = true) {
  let clock = T0;
  const alertStore = createMemoryAlertStore();
  const schedule = createMaintenanceSchedule({ configured: [], store: alertStore, now: () => clock, newId: () => 'a1' });
  const healthStore = createMemoryHealthStore();
  const registry = createHealthRegistry({ store: healthStore, now: () => clock, maintenance: schedule.windows });
  const services: Services = {
    adapters: {} as Adapters,
    upstreams: { population: unused, 'civil-status': unused, land: unused },
    clients: [{ name: 'Xã Sơn Thủy', keySha256: await sha256Hex(CLIENT_KEY), communes: ['21085'], mayReadReligion: false }],
    logger: silent,
    now: () => clock,
    newId: () => 'req-00000001',
    maxRequestTimeoutMs: 5000,
    health: { registry, store: healthStore, ready: async () => {} },
    ...(withAdmin ? { admin: { keySha256: await sha256Hex(ADMIN_KEY), maintenance: schedule } } : {}),
  };
  return { app: createApp(services), registry, alertStore, healthStore, advance: (ms: number) => void (clock += ms) };
}

const window = { upstream: 'land', from: '2026-03-07T22:00:00+07:00', to: '2026-03-08T02:00:00+07:00', note: 'Nâng cấp máy chủ' };
const post = (body: unknown, key = ADMIN_KEY) => ({
  method: 'POST', body: JSON.stringify(body), headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
});

describe('POST /v1/admin/maintenance', () => {
  it('plans a window with the admin key, stores it and lists it', async () => {
    const { app, alertStore } = await adminApp();
    const response = await app.request('/v1/admin/maintenance', post(window));
    expect(response.status).toBe(201);
    const created = { id: 'mnt_a1', upstream: 'land', from: '2026-03-07T15:00:00.000Z', to: '2026-03-07T19:00:00.000Z', note: 'Nâng cấp máy chủ', source: 'admin', createdAt: '2026-03-07T14:00:00.000Z' };
    expect(await response.json()).toEqual({ data: created });
    expect(await alertStore.listMaintenance(0)).toHaveLength(1);
    const listed = await app.request('/v1/admin/maintenance', { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
    expect(await listed.json()).toEqual({ data: [created] });
  });

  it('puts the upstream in maintenance for health as soon as the window starts', async () => {
    const { app, registry, advance } = await adminApp();
    await app.request('/v1/admin/maintenance', post(window));
    await registry.evaluate();
    expect(registry.snapshot().upstreams.find((health) => health.upstream === 'land')?.state).not.toBe('maintenance');
    advance(60 * 60_000);
    await registry.evaluate();
    const land = registry.snapshot().upstreams.find((health) => health.upstream === 'land');
    expect(land).toMatchObject({ state: 'maintenance', reasons: ['maintenance'], maintenance: { note: 'Nâng cấp máy chủ' } });
  });

  it('hands provincial operators the incident record with the admin key, as a commune key gets it', async () => {
    const { app, healthStore } = await adminApp();
    await healthStore.saveIncident({
      id: 'inc-1', upstream: 'population', kind: 'outage', status: 'closed', startedAt: T0 - 3_600_000, endedAt: T0, durationMs: 3_600_000,
      worstState: 'down', causes: ['probe-failing'], affectedOperations: ['lookupCitizen'], requestsFailed: 3, requestsServedStale: 5,
      requestsRejected: 0, ticketsQueued: 1, communesAffected: ['21085'], updatedAt: T0,
    });
    const byAdmin = await app.request('/v1/admin/incidents', { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
    const byCommune = await app.request('/v1/incidents', { headers: { Authorization: `Bearer ${CLIENT_KEY}` } });
    expect(byAdmin.status).toBe(200);
    const record = await byAdmin.json();
    expect(record).toMatchObject({ data: [{ id: 'inc-1', upstream: 'population', communesAffected: ['21085'] }], meta: { count: 1 } });
    expect(record).toEqual(await byCommune.json());
    const csv = await app.request('/v1/admin/incidents?format=csv', { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await app.request('/v1/admin/incidents', { headers: { Authorization: `Bearer ${CLIENT_KEY}` } })).status).toBe(401);
  });

  it('refuses a commune client key, a wrong key and no key', async () => {
    const { app } = await adminApp();
    expect((await app.request('/v1/admin/maintenance', post(window, CLIENT_KEY))).status).toBe(401);
    expect((await app.request('/v1/admin/maintenance', post(window, 'wrong-key-0000000000'))).status).toBe(401);
    const none = await app.request('/v1/admin/maintenance', { method: 'POST', body: JSON.stringify(window), headers: { 'Content-Type': 'application/json' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a window that ends before it starts, an unknown upstream or a time without offset, naming the field', async () => {
    const { app } = await adminApp();
    for (const [body, field] of [
      [{ ...window, to: '2026-03-07T21:00:00+07:00' }, 'to'],
      [{ ...window, upstream: 'weather' }, 'upstream'],
      [{ ...window, from: '2026-03-07 22:00' }, 'from'],
    ] as const) {
      const response = await app.request('/v1/admin/maintenance', post(body));
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(field);
    }
  });

  it('is not offered when no admin key is configured', async () => {
    const { app } = await adminApp(false);
    const response = await app.request('/v1/admin/maintenance', post(window, CLIENT_KEY));
    expect(response.status).toBe(404);
  });
});
