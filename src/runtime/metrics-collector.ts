// /metrics the Prometheus way: base units, `_total` counters, escaped labels, Node's process and GC metrics.
// The hot path only adds to plain counters (record); prom-client reads them and the snapshots at scrape time
// through collect() callbacks, so a request never pays for label hashing.
import { Counter, Gauge, Registry } from 'prom-client';
import type { UpstreamName } from '../domain/errors.ts';
import { countCall, emptyCounters, type UpstreamCallCounters } from '../gateway/metrics.ts';
import { saysAnythingAboutUpstream } from '../health/classify.ts';
import type { HealthSnapshot } from '../health/snapshot.ts';
import { SEVERITY, UPSTREAMS, type HealthState } from '../health/types.ts';
import type { PipelineSnapshot } from '../resilience/index.ts';
import { createCollectedHistogram } from './collected-histogram.ts';
import { processMetrics } from './process-metrics.ts';
import type { CallRecord } from '../services/upstream-callers.ts';

export interface MetricsCollectorOptions {
  /** Each upstream's pipeline, read at scrape time: breakers, caches, bulkhead. */
  pipelines: () => Record<UpstreamName, { snapshot(): PipelineSnapshot }>;
  /** Upstream states and verification-queue figures as of the health registry's last evaluation (every 5 s by default). */
  health?: () => HealthSnapshot;
  /** Epoch ms (ticket ages). */
  now: () => number;
  /** The upstreams counted (each shows zeros before its first call); the built-in three by default. */
  upstreams?: readonly UpstreamName[];
}

export interface MetricsCollector {
  /** Counts one finished call; cheap, it runs for every call, cache hits included. */
  record(record: CallRecord): void;
  /** The Prometheus text exposition (format 0.0.4). */
  render(): Promise<string>;
}

const BREAKER_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;
const HEALTH_STATES = Object.keys(SEVERITY) as HealthState[];

export function createMetricsCollector(options: MetricsCollectorOptions): MetricsCollector {
  const upstreams = options.upstreams ?? UPSTREAMS;
  const calls = Object.fromEntries(upstreams.map((upstream) => [upstream, emptyCounters()])) as Record<UpstreamName, UpstreamCallCounters>;
  const abandoned = Object.fromEntries(upstreams.map((upstream) => [upstream, 0])) as Record<UpstreamName, number>;
  const registry = new Registry();
  const registers = [registry];
  // One pipeline snapshot per scrape (taken by render), shared by the metrics that read it.
  let snapshots: Array<[UpstreamName, PipelineSnapshot]> = [];
  const pipelineSnapshots = () => snapshots;

  new Counter({
    name: 'gateway_upstream_calls_total', help: 'Upstream calls through the pipeline, by outcome (ok, cached, stale or an error code).',
    labelNames: ['upstream', 'outcome'], registers,
    collect() {
      this.reset();
      for (const [upstream, counters] of Object.entries(calls)) for (const [outcome, count] of counters.byOutcome) this.inc({ upstream, outcome }, count);
    },
  });
  registry.registerMetric(createCollectedHistogram({
    name: 'gateway_upstream_call_duration_seconds', help: 'Time callers waited for an upstream answer (cache hits included), in seconds.',
    labelName: 'upstream', read: () => Object.entries(calls),
  }));
  new Counter({
    name: 'gateway_upstream_calls_abandoned_total', help: "Calls whose caller's own deadline or hang-up came before the answer; not upstream errors.",
    labelNames: ['upstream'], registers,
    collect() {
      this.reset();
      for (const [upstream, count] of Object.entries(abandoned)) this.inc({ upstream }, count);
    },
  });
  new Gauge({
    name: 'gateway_breaker_state', help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open.', labelNames: ['upstream', 'group'], registers,
    collect() {
      this.reset();
      for (const [upstream, figures] of pipelineSnapshots()) {
        for (const [group, breaker] of Object.entries(figures.breakers)) this.set({ upstream, group }, BREAKER_STATE_VALUE[breaker.state]);
      }
    },
  });
  registerCacheMetrics(registers, pipelineSnapshots);
  registerBulkheadMetrics(registers, pipelineSnapshots);
  if (options.health) registerHealthMetrics(registers, options.health, options.now);

  // Registers whose metrics are all registered by now; merged once, the per-process metrics first.
  const merged = Registry.merge([processMetrics(), registry]);
  return {
    record(record) {
      // The caller's own deadline or hang-up: neither an upstream error nor an upstream latency.
      if (!saysAnythingAboutUpstream(record)) {
        abandoned[record.upstream] = (abandoned[record.upstream] ?? 0) + 1;
        return;
      }
      const outcome = record.ok ? (record.freshness === 'fresh' ? 'ok' : record.freshness ?? 'ok') : record.errorCode ?? 'error';
      countCall(calls[record.upstream] ??= emptyCounters(), outcome, record.latencyMs);
    },
    render() {
      snapshots = Object.entries(options.pipelines()).map(([upstream, pipeline]) => [upstream as UpstreamName, pipeline.snapshot()]);
      return merged.metrics();
    },
  };
}

type Snapshots = () => Array<[UpstreamName, PipelineSnapshot]>;

function registerCacheMetrics(registers: Registry[], snapshots: Snapshots): void {
  const eachCache = (visit: (labels: { upstream: string; operation: string }, cache: PipelineSnapshot['cache'][string]) => void) => {
    for (const [upstream, figures] of snapshots()) for (const [operation, cache] of Object.entries(figures.cache)) visit({ upstream, operation }, cache);
  };
  new Gauge({
    name: 'gateway_cache_entries', help: 'Entries in the lookup cache.', labelNames: ['upstream', 'operation'], registers,
    collect() { this.reset(); eachCache((labels, cache) => this.set(labels, cache.size)); },
  });
  new Gauge({
    name: 'gateway_cache_bytes', help: 'Approximate bytes held by the lookup cache.', labelNames: ['upstream', 'operation'], registers,
    collect() { this.reset(); eachCache((labels, cache) => this.set(labels, cache.bytes)); },
  });
  new Counter({
    name: 'gateway_cache_lookups_total', help: 'Cache lookups by result: hit (fresh), miss, stale (served after an upstream failure).',
    labelNames: ['upstream', 'operation', 'result'], registers,
    collect() {
      this.reset();
      eachCache((labels, cache) => {
        this.inc({ ...labels, result: 'hit' }, cache.hits);
        this.inc({ ...labels, result: 'miss' }, cache.misses);
        this.inc({ ...labels, result: 'stale' }, cache.staleServed);
      });
    },
  });
}

function registerBulkheadMetrics(registers: Registry[], snapshots: Snapshots): void {
  new Gauge({
    name: 'gateway_bulkhead_in_flight', help: 'Calls in flight to the upstream.', labelNames: ['upstream'], registers,
    collect() { this.reset(); for (const [upstream, figures] of snapshots()) this.set({ upstream }, figures.bulkhead.inFlight); },
  });
  new Gauge({
    name: 'gateway_bulkhead_queued', help: 'Calls waiting for a bulkhead slot.', labelNames: ['upstream'], registers,
    collect() { this.reset(); for (const [upstream, figures] of snapshots()) this.set({ upstream }, figures.bulkhead.queued); },
  });
  new Counter({
    name: 'gateway_bulkhead_rejected_total', help: 'Calls shed by the bulkhead.', labelNames: ['upstream'], registers,
    collect() { this.reset(); for (const [upstream, figures] of snapshots()) this.inc({ upstream }, figures.bulkhead.rejected); },
  });
}

function registerHealthMetrics(registers: Registry[], health: () => HealthSnapshot, now: () => number): void {
  new Gauge({
    name: 'gateway_upstream_state', help: 'Judged upstream state: 1 for the state it is in, 0 for the others.', labelNames: ['upstream', 'state'], registers,
    collect() {
      this.reset();
      for (const upstream of health().upstreams) for (const state of HEALTH_STATES) this.set({ upstream: upstream.upstream, state }, upstream.state === state ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gateway_verification_queue_depth', help: 'Verification tickets queued or in progress.', labelNames: ['upstream'], registers,
    collect() {
      this.reset();
      for (const { upstream, queue } of health().upstreams) if (queue) this.set({ upstream }, queue.depth);
    },
  });
  new Gauge({
    name: 'gateway_verification_queue_oldest_ticket_age_seconds', help: 'Age of the oldest queued verification ticket, in seconds; 0 when none waits.',
    labelNames: ['upstream'], registers,
    collect() {
      this.reset();
      const at = now();
      for (const { upstream, queue } of health().upstreams) if (queue) this.set({ upstream }, queue.oldestTicketAt === null ? 0 : Math.max(0, (at - queue.oldestTicketAt) / 1_000));
    },
  });
}
