// Test fixture for the health routes: an app with memory services and a real registry on a fake clock.
import type { Adapters } from '../../adapters/contract.ts';
import type { AdminUnitCatalogue } from '../../domain/admin-units.ts';
import { createMemoryHealthStore } from '../../health/memory-store.ts';
import { createHealthRegistry } from '../../health/registry.ts';
import type { HealthService } from '../../health/service.ts';
import type { HealthStore } from '../../health/store.ts';
import type { MaintenanceWindow } from '../../health/types.ts';
import { createApp } from '../app.ts';
import { sha256Hex } from '../../keys/sha256.ts';
import type { Logger, Services, UpstreamCaller } from '../services.ts';

export const API_KEY = 'test-key-0123456789';
export const T0 = Date.UTC(2026, 2, 2, 2, 0, 0); // 09:00 in Hà Nội

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
const unused: UpstreamCaller = { deadlineMs: () => 1000, execute: async () => { throw new Error('unused'); } };

export interface HealthFixtureOptions {
  store?: HealthStore;
  ready?: () => Promise<void>;
  withHealth?: boolean;
  maintenance?: readonly MaintenanceWindow[];
  adminUnits?: AdminUnitCatalogue;
}

export async function healthApp(options: HealthFixtureOptions = {}) {
  let clock = T0;
  const store = options.store ?? createMemoryHealthStore();
  const registry = createHealthRegistry({
    store,
    now: () => clock,
    probes: {
      population: { operation: 'lookup-citizen', failureThreshold: 2, successThreshold: 1 },
      'civil-status': { operation: 'login-and-lookup', failureThreshold: 2, successThreshold: 1 },
      land: { operation: 'wsdl', failureThreshold: 2, successThreshold: 1 },
    },
    incidents: { openDownAfterMs: 0, openDegradedAfterMs: 60_000, closeAfterMs: 60_000 },
  });
  const health: HealthService = { registry, store, ready: options.ready ?? (() => store.ping()), maintenance: () => options.maintenance ?? [] };
  const services: Services = {
    adapters: {} as Adapters,
    upstreams: { population: unused, 'civil-status': unused, land: unused },
    clients: [{ name: 'Xã Sơn Thủy', keySha256: await sha256Hex(API_KEY), communes: ['21085'], mayReadReligion: false }],
    logger: silent,
    now: () => clock,
    newId: () => 'req-00000001',
    maxRequestTimeoutMs: 5000,
    ...(options.withHealth === false ? {} : { health }),
    ...(options.adminUnits ? { adminUnits: options.adminUnits } : {}),
  };
  const app = createApp(services);
  return {
    app,
    registry,
    store,
    advance: (ms: number) => void (clock += ms),
    now: () => clock,
    /** All three probes answer (or not) now, then the registry evaluates. */
    async probes(outcomes: { population?: 'ok' | 'failed' | 'cannot-log-in'; 'civil-status'?: 'ok' | 'failed' | 'cannot-log-in'; land?: 'ok' | 'failed' }) {
      for (const [upstream, outcome] of Object.entries(outcomes)) {
        registry.recordProbe({ upstream: upstream as 'land', operation: 'probe', outcome, at: clock, latencyMs: 42, loggedIn: upstream !== 'land', failedStep: outcome === 'ok' ? undefined : 'lookup' });
      }
      await registry.evaluate();
    },
  };
}
