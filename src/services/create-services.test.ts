import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryAlertStore } from '../alerts/memory-store.ts';
import { createMemoryClusterStore } from '../cluster/memory-store.ts';
import { parseConfig } from '../config/load.ts';
import { parseAdminUnits } from '../domain/admin-units.ts';
import { createApp } from '../gateway/app.ts';
import type { Logger } from '../gateway/services.ts';
import { createMemoryHealthStore } from '../health/memory-store.ts';
import { MASKED_PSEUDONYMS } from '../audit/pseudonyms.ts';
import { createMemoryAuditLog } from '../store/memory-audit-log.ts';
import { createMemoryClientKeyStore } from '../store/memory-client-key-store.ts';
import { createMemoryTicketStore } from '../store/memory-ticket-store.ts';
import { sleep } from '../resilience/sleep.ts';
import { createServices } from './create-services.ts';
import type { CallRecord } from './upstream-callers.ts';

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };

describe('createServices', () => {
  it('composes the gateway from a platform of memory stores and a fake transport, its parts talking through the bus', async () => {
    const config = parseConfig(readFileSync('config/demo.yaml', 'utf8'), 'config/demo.yaml');
    config.simulators.enabled = false;
    const asked: string[] = [];
    const recorded: CallRecord[] = [];
    const gateway = await createServices(config, {
      configSource: 'test', env: {}, now: Date.now, newId: () => crypto.randomUUID(), random: Math.random, sleep,
      timers: { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
      fetchFor({ upstream, baseUrl }) {
        asked.push(`${upstream} ${baseUrl}`);
        return () => Promise.reject(new Error('no network in this test'));
      },
      fetch: () => Promise.reject(new Error('no network in this test')),
      sendMailFor: () => async () => undefined,
      stores: {
        tickets: createMemoryTicketStore(), health: createMemoryHealthStore(), alerts: createMemoryAlertStore(),
        audit: createMemoryAuditLog({ genesis: () => '0', next: () => '0' } as never), clientKeys: createMemoryClientKeyStore(),
        cluster: createMemoryClusterStore(), kind: 'sqlite', leaseMs: 15_000,
      },
      logger: silent,
      auditKeys: { pseudonyms: MASKED_PSEUDONYMS, signer: undefined },
      metrics: () => ({ record: (record) => recorded.push(record), render: async () => '' }),
      adminUnits: parseAdminUnits(readFileSync(config.adminUnits.units2025File, 'utf8'), readFileSync(config.adminUnits.legacyMappingFile, 'utf8'), { units2025: 'u', legacy: 'l' }),
    });
    try {
      // One transport per upstream, at its configured address.
      expect(asked).toEqual([
        `population ${config.upstreams.population.baseUrl}`, `civil-status ${config.upstreams.civilStatus.baseUrl}`, `land ${config.upstreams.land.baseUrl}`,
      ]);
      const app = createApp(gateway.services);
      expect((await app.request('/health/live')).status).toBe(200);
      // A finished call published on the bus reaches metrics and health alike.
      const call: CallRecord = { upstream: 'land', operation: 'lookup-parcel', ok: true, errorCode: undefined, freshness: 'fresh', latencyMs: 3, at: Date.now(), communeCode: undefined };
      gateway.events.emit('call-recorded', call);
      expect(recorded).toEqual([call]);
      expect(gateway.health.registry.snapshot().upstreams.find((upstream) => upstream.upstream === 'land')?.traffic.calls).toBe(1);
    } finally {
      await gateway.close(100);
    }
  });
});
