import { describe, expect, it } from 'vitest';
import type { Adapters } from '../adapters/contract.ts';
import { TransientError } from '../domain/errors.ts';
import { createMemoryHealthStore } from './memory-store.ts';
import { createHealthMonitor, type Timers } from './monitor.ts';
import type { ProbeCheck } from './probe.ts';
import { createHealthRegistry } from './registry.ts';

/** Timers driven by hand: `tick(ms)` fires what is due, in order, letting promises settle in between. */
function manualTimers() {
  let clock = 0;
  let serial = 0;
  const due = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers = {
    setTimeout(callback, ms) {
      due.set(++serial, { at: clock + ms, callback });
      return serial;
    },
    clearTimeout: (handle) => void due.delete(handle as number),
  };
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  async function tick(ms: number) {
    const end = clock + ms;
    await settle();
    for (;;) {
      const next = [...due.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      due.delete(next[0]);
      clock = next[1].at;
      next[1].callback();
      await settle();
    }
    clock = end;
  }
  return { timers, tick, now: () => clock, pending: () => due.size };
}

describe('health monitor', () => {
  it('probes on its interval, says down after interval × failure threshold, dated from the first failed probe', async () => {
    const { timers, tick, now } = manualTimers();
    let up = true;
    const adapters = { population: { lookupCitizen: async () => { if (!up) throw new TransientError('503'); return {}; } } } as unknown as Adapters;
    const check: ProbeCheck = { upstream: 'population', operation: 'lookup-citizen', intervalMs: 1_000, timeoutMs: 500, failureThreshold: 3, successThreshold: 2, testPersonalId: '051190000123' };
    const registry = createHealthRegistry({ store: createMemoryHealthStore(), now, probes: { population: check } });
    const monitor = createHealthMonitor({ registry, adapters, checks: [check], now, newId: () => 'id', timers, evaluateEveryMs: 5_000 });
    await monitor.start();
    await tick(0);
    expect(registry.snapshot().upstreams[0]!.state).toBe('operational');
    up = false;
    await tick(2_000);
    expect(registry.snapshot().upstreams[0]!.state).toBe('operational');
    await tick(1_000);
    expect(registry.snapshot().upstreams[0]).toMatchObject({ state: 'down', since: 1_000 });
    up = true;
    await tick(2_000);
    expect(registry.snapshot().upstreams[0]!.state).toBe('operational');
    await monitor.stop();
  });

  it('counts a probe that outlives its timeout as a timeout, and stops every timer on stop', async () => {
    const { timers, tick, now, pending } = manualTimers();
    const adapters = { land: { fetchWsdl: () => new Promise(() => {}) } } as unknown as Adapters;
    const check: ProbeCheck = { upstream: 'land', operation: 'wsdl', intervalMs: 1_000, timeoutMs: 300, failureThreshold: 1, successThreshold: 1 };
    const registry = createHealthRegistry({ store: createMemoryHealthStore(), now, probes: { land: check } });
    const monitor = createHealthMonitor({ registry, adapters, checks: [check], now, newId: () => 'id', timers });
    await monitor.start();
    await tick(300);
    expect(registry.snapshot().upstreams[2]).toMatchObject({ state: 'down', probe: { last: { outcome: 'timeout' } } });
    await monitor.stop();
    expect(pending()).toBe(0);
  });
});
