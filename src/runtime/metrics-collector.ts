// Collects the figures /metrics shows: call counters fed by the pipeline seam, the rest read from snapshots.
import type { UpstreamName } from '../domain/errors.ts';
import { countCall, emptyCounters, renderMetrics, type MetricsSnapshot } from '../gateway/metrics.ts';
import { saysAnythingAboutUpstream } from '../health/classify.ts';
import type { UpstreamPipeline } from '../resilience/index.ts';
import type { CallRecord } from './upstream-callers.ts';

export interface MetricsCollector {
  record(record: CallRecord): void;
  render(): string;
}

export function createMetricsCollector(pipelines: () => Record<UpstreamName, UpstreamPipeline>): MetricsCollector {
  const calls: MetricsSnapshot['calls'] = { population: emptyCounters(), 'civil-status': emptyCounters(), land: emptyCounters() };
  const abandoned: Record<UpstreamName, number> = { population: 0, 'civil-status': 0, land: 0 };
  return {
    record(record) {
      // The caller's own deadline or hang-up: neither an upstream error nor an upstream latency.
      if (!saysAnythingAboutUpstream(record)) {
        abandoned[record.upstream] += 1;
        return;
      }
      const outcome = record.ok ? (record.freshness === 'fresh' ? 'ok' : record.freshness ?? 'ok') : record.errorCode ?? 'error';
      countCall(calls[record.upstream], outcome, record.latencyMs);
    },
    render() {
      const snapshot: MetricsSnapshot = { calls, breakers: [], caches: [], bulkheads: [], abandoned };
      for (const [upstream, pipeline] of Object.entries(pipelines()) as Array<[UpstreamName, UpstreamPipeline]>) {
        const figures = pipeline.snapshot();
        for (const [group, breaker] of Object.entries(figures.breakers)) snapshot.breakers.push({ upstream, group, state: breaker.state });
        for (const [operation, cache] of Object.entries(figures.cache)) {
          snapshot.caches.push({ upstream, operation, entries: cache.size, bytes: cache.bytes, hits: cache.hits, misses: cache.misses, staleServed: cache.staleServed });
        }
        snapshot.bulkheads.push({ upstream, inFlight: figures.bulkhead.inFlight, queued: figures.bulkhead.queued, rejected: figures.bulkhead.rejected });
      }
      return renderMetrics(snapshot);
    },
  };
}
