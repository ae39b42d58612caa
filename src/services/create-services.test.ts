import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
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
import type { Config } from '../config/schema.ts';
import { sha256Chain } from '../runtime/audit-crypto.ts';
import { createServices } from './create-services.ts';
import type { Platform } from './platform.ts';
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

function memoryPlatform(config: Config, audit = createMemoryAuditLog({ genesis: () => '0', next: () => '0' } as never)): Platform {
  return {
    configSource: 'test', env: {}, now: Date.now, newId: () => crypto.randomUUID(), random: Math.random, sleep,
    timers: { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
    fetchFor: () => () => Promise.reject(new Error('no network in this test')),
    fetch: () => Promise.reject(new Error('no network in this test')),
    sendMailFor: () => async () => undefined,
    stores: {
      tickets: createMemoryTicketStore(), health: createMemoryHealthStore(), alerts: createMemoryAlertStore(), audit,
      clientKeys: createMemoryClientKeyStore(), cluster: createMemoryClusterStore(), kind: 'sqlite', leaseMs: 15_000,
    },
    logger: silent,
    auditKeys: { pseudonyms: MASKED_PSEUDONYMS, signer: undefined },
    adminUnits: parseAdminUnits(readFileSync(config.adminUnits.units2025File, 'utf8'), readFileSync(config.adminUnits.legacyMappingFile, 'utf8'), { units2025: 'u', legacy: 'l' }),
  };
}

describe('createServices on a platform whose I/O belongs to the request (workerd)', () => {
  it('starts no timer, loop or poll, and writes audit rows when the step after a request asks, not on a timer', async () => {
    const config = parseConfig(readFileSync('config/demo.yaml', 'utf8'), 'config/demo.yaml');
    config.simulators.enabled = false;
    const audit = createMemoryAuditLog(sha256Chain);
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const gateway = await createServices(config, { ...memoryPlatform(config, audit), requestBoundIo: true });
    try {
      await gateway.start();
      // Nothing is left to fire after the invocation that built the gateway: no drainer, deliverer, poll or beat.
      expect(vi.getTimerCount()).toBe(0);
      gateway.services.auditLog!.record({
        at: Date.now(), client: 'Demo', communeCode: '21085', officerId: '051090001234', purpose: 'dang-ky-khai-sinh', caseId: undefined,
        operation: 'citizen.lookup', subject: ['051190000123'], outcome: 'answered', freshness: 'fresh', requestId: 'r-1',
      });
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(audit.rows).toHaveLength(0);
      await gateway.steps.afterRequest();
      expect(audit.rows.map((row) => row.operation)).toEqual(['citizen.lookup']);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
      await gateway.close(100);
    }
  });
});
