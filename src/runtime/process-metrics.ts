// Node's process metrics (CPU, memory, handles, event-loop lag, GC) in one registry per process: they describe
// the process, and their observers (perf_hooks, PerformanceObserver) are never stopped, so they start once.
import { Registry, collectDefaultMetrics } from 'prom-client';

let registry: Registry | undefined;

/** The process-wide registry of prom-client's default metrics, started on first use. */
export function processMetrics(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
