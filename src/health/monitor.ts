// The health monitor: runs each configured probe on its interval (never two of one probe at once), feeds the
// registry and evaluates it after every probe and on a steady beat. Owns every health timer.
import type { Adapters } from '../adapters/contract.ts';
import { runProbe, type ProbeCheck } from './probe.ts';
import type { HealthRegistry } from './registry.ts';

/** setTimeout/clearTimeout, injected so tests drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface HealthMonitorOptions {
  registry: HealthRegistry;
  adapters: Adapters;
  checks: readonly ProbeCheck[];
  now: () => number;
  /** New unique id (maYeuCau of probe lookups). */
  newId: () => string;
  /** Evaluate at least this often even without probe results (traffic, breaker, time thresholds), ms. Default 5_000. */
  evaluateEveryMs?: number;
  timers?: Timers;
}

export interface HealthMonitor {
  /** Resumes open incidents from the store, then starts every probe (first run at once) and the beat. */
  start(): Promise<void>;
  /** Runs one upstream's probes now (out of schedule) and evaluates; resolves when done. */
  probeNow(upstream?: ProbeCheck['upstream']): Promise<void>;
  /** Stops timers, abandons probes in flight and writes what the registry holds. */
  stop(): Promise<void>;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  const { registry, now } = options;
  const timers = options.timers ?? realTimers;
  const handles = new Set<unknown>();
  const inFlight = new Set<AbortController>();
  let running = false;

  const later = (callback: () => void, ms: number) => {
    const handle = timers.setTimeout(() => {
      handles.delete(handle);
      callback();
    }, ms);
    handles.add(handle);
  };

  async function probeOnce(check: ProbeCheck): Promise<void> {
    const controller = new AbortController();
    inFlight.add(controller);
    const timeout = timers.setTimeout(() => controller.abort(new Error(`probe timed out after ${check.timeoutMs} ms`)), check.timeoutMs);
    try {
      const result = await runProbe(check, options.adapters, { signal: controller.signal, now, requestId: options.newId() });
      if (!inFlight.has(controller)) return; // stopped meanwhile
      registry.recordProbe(result);
      await registry.evaluate();
    } finally {
      timers.clearTimeout(timeout);
      inFlight.delete(controller);
    }
  }

  function loop(check: ProbeCheck): void {
    if (!running) return;
    void probeOnce(check).finally(() => {
      if (running) later(() => loop(check), check.intervalMs);
    });
  }

  function beat(): void {
    if (!running) return;
    void registry.evaluate().finally(() => {
      if (running) later(beat, options.evaluateEveryMs ?? 5_000);
    });
  }

  return {
    async start() {
      if (running) return;
      await registry.restore();
      running = true;
      for (const check of options.checks) loop(check);
      beat();
    },
    async probeNow(upstream) {
      await Promise.all(options.checks.filter((check) => upstream === undefined || check.upstream === upstream).map(probeOnce));
    },
    async stop() {
      running = false;
      for (const handle of handles) timers.clearTimeout(handle);
      handles.clear();
      for (const controller of inFlight) controller.abort(new Error('health monitor stopped'));
      inFlight.clear();
      await registry.flush();
    },
  };
}
