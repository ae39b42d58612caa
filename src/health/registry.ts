// The health registry: fed by probes and by real traffic (calls, pipeline and adapter events), it judges one
// state per upstream on every evaluation, opens and closes incidents, and records minute buckets.
import type { AdapterEvent } from '../adapters/events.ts';
import type { BreakerState, ResilienceEvent } from '../resilience/events.ts';
import { classifyCall, isFailureClass, probeAvailability, saysAnythingAboutUpstream } from './classify.ts';
import { createHealthEmitter, type HealthListener } from './events.ts';
import { evaluateUpstream } from './evaluate.ts';
import { DEFAULT_INCIDENT_THRESHOLDS, type IncidentThresholds } from './incident-tracker.ts';
import { DEFAULT_THRESHOLDS, judge, type JudgementThresholds } from './judge.ts';
import { trackProbe } from './probe-tracker.ts';
import { createIncidentSlot, resumeIncident } from './incident-slot.ts';
import { countCall } from './spell-counters.ts';
import { snapshotOf, type HealthSnapshot } from './snapshot.ts';
import type { HealthStore } from './store.ts';
import { UPSTREAMS, type CallSample, type MaintenanceWindow, type ProbeResult, type UpstreamName } from './types.ts';
import {
  createRecentWindow, createUpstreamRecord, figuresOf, setBreaker, setLogin, type ProbeSettings, type QueueStats, type UpstreamRecord,
} from './upstream-record.ts';

/** What the registry reads from a resilience pipeline's `snapshot()` (a structural subset of PipelineSnapshot). */
export interface PipelineView {
  breakers: Record<string, { state: BreakerState }>;
}

/** Communes remembered as not provisioned per upstream, at most (a province has about 100). */
const MAX_COMMUNES = 1_000;

export interface HealthRegistryOptions {
  store: HealthStore;
  /** Clock, epoch ms. */
  now: () => number;
  /** New unique id (incident ids). Default crypto.randomUUID. */
  newId?: () => string;
  /** Every upstream judged, in page order; the built-in three by default. */
  upstreams?: readonly UpstreamName[] | undefined;
  /** Configured probes per upstream; an upstream without one is judged from traffic alone. */
  probes?: Partial<Record<UpstreamName, ProbeSettings>>;
  thresholds?: Partial<JudgementThresholds>;
  incidents?: Partial<IncidentThresholds>;
  /** Span of the figures shown (error rate, latency percentiles), ms. Default 300_000 (5 min). */
  windowMs?: number;
  /** Span of real traffic the judgement looks at, ms. Default 60_000. */
  judgementWindowMs?: number;
  /** Planned windows; a function is read at each evaluation (the alert module's schedule adds windows at run time). */
  maintenance?: readonly MaintenanceWindow[] | (() => readonly MaintenanceWindow[]);
  /** Queue depth and oldest ticket per upstream; absent until the queue exists. */
  queueStats?: (upstream: UpstreamName) => QueueStats | undefined | Promise<QueueStats | undefined>;
  /** The upstream's pipeline snapshot (breaker states), read at each evaluation. */
  pipeline?: (upstream: UpstreamName) => PipelineView | undefined;
  /** Minute buckets are kept this long, days. Default 90. */
  minuteRetentionDays?: number;
  /** Open incidents are re-saved (counts) at most this often, ms. Default 10_000. */
  incidentSaveEveryMs?: number;
  /** Store failures and other errors that must not stop health. */
  onError?: (error: unknown, what: string) => void;
}

export interface HealthRegistry {
  /** One finished call through the pipeline (the gateway's seam calls this). */
  recordCall(upstream: UpstreamName, sample: CallSample): void;
  recordProbe(result: ProbeResult): void;
  /** A resilience pipeline event of that upstream (breaker state, cache hit/miss). */
  recordResilienceEvent(upstream: UpstreamName, event: ResilienceEvent): void;
  /** An adapter credential event (token fetched, login, auth failed). */
  recordAdapterEvent(event: AdapterEvent): void;
  /** The queue reports a ticket queued because this upstream could not answer. */
  recordTicketQueued(upstream: UpstreamName, communeCode?: string): void;
  /** Judges every upstream now; emits state changes and incident events; schedules store writes. */
  evaluate(): Promise<void>;
  /** The figures and states as of the last evaluation; for one commune, land may read `not-provisioned`. */
  snapshot(options?: { communeCode?: string | undefined; communeAliases?: readonly string[] | undefined }): HealthSnapshot;
  subscribe(listener: HealthListener): () => void;
  /**
   * Takes incident state over from the store at the start of a leadership term (or of a lone instance's run), before
   * its first evaluation: the store's open incidents replace whatever an earlier term left in memory (another leader
   * may have closed or opened one meanwhile), and real traffic is judged from now on (what this instance saw as a
   * follower was the previous leader's to judge; the resumed incident carries the outage's figures).
   */
  restore(): Promise<void>;
  /** Writes the current minute buckets and waits for every pending store write. */
  flush(): Promise<void>;
  readonly store: HealthStore;
}

export function createHealthRegistry(options: HealthRegistryOptions): HealthRegistry {
  const { store, now } = options;
  const emitter = createHealthEmitter();
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const incidentThresholds = { ...DEFAULT_INCIDENT_THRESHOLDS, ...options.incidents };
  const windowMs = options.windowMs ?? 300_000;
  const judgementWindowMs = Math.min(options.judgementWindowMs ?? 60_000, windowMs);
  const sliceMs = Math.max(50, Math.floor(judgementWindowMs / 6));
  const configured = options.maintenance ?? [];
  const maintenanceWindows = typeof configured === 'function' ? configured : () => configured;
  const onError = options.onError ?? (() => {});
  const windows = { windowMs, judgementWindowMs, sliceMs };
  const records = new Map<UpstreamName, UpstreamRecord>(
    (options.upstreams ?? UPSTREAMS).map((upstream) => [upstream, createUpstreamRecord(upstream, windows, options.probes?.[upstream], now())]),
  );
  const recordOf = (upstream: UpstreamName) => records.get(upstream)!;
  let writes: Promise<void> = Promise.resolve();
  const write = (what: string, task: () => Promise<void>) => {
    writes = writes.then(task).catch((error: unknown) => onError(error, what));
  };
  let evaluating: Promise<void> = Promise.resolve();
  let restoring: Promise<void> = Promise.resolve();
  let lastPruneAt = 0;
  const activeMaintenance = (upstream: UpstreamName, at: number) =>
    maintenanceWindows().find((window) => window.upstream === upstream && window.fromMs <= at && at < window.toMs);
  const context = {
    store, now, newId: options.newId ?? (() => crypto.randomUUID()), emitter, thresholds, incidentThresholds,
    judgementWindowMs, write, incidentSaveEveryMs: options.incidentSaveEveryMs ?? 10_000,
    inMaintenance: (upstream: UpstreamName, at: number) => activeMaintenance(upstream, at) !== undefined,
  };

  async function evaluateAll(): Promise<void> {
    const at = now();
    for (const record of records.values()) {
      const view = options.pipeline?.(record.upstream);
      if (view) for (const [group, breaker] of Object.entries(view.breakers)) setBreaker(record, group, breaker.state, at);
      if (options.queueStats) {
        try {
          record.queue = (await options.queueStats(record.upstream)) ?? null;
        } catch (error) {
          onError(error, 'queue stats');
        }
      }
      evaluateUpstream(record, at, context);
    }
    const buckets = [...records.values()].flatMap((record) => record.minutes.take(false));
    if (buckets.length > 0) write('minute buckets', () => store.writeMinutes(buckets));
    if (at - lastPruneAt >= 3_600_000) {
      lastPruneAt = at;
      const beforeMs = at - (options.minuteRetentionDays ?? 90) * 86_400_000;
      write('prune minute buckets', () => store.pruneMinutes(beforeMs));
    }
  }

  return {
    store,
    recordCall(upstream, sample) {
      if (!saysAnythingAboutUpstream(sample)) return;
      const record = recordOf(upstream);
      const callClass = classifyCall(sample);
      record.window.record(sample.at, callClass, sample.latencyMs, sample.errorCode);
      record.recent.record(sample.at, callClass, sample.latencyMs, sample.errorCode);
      record.minutes.call(sample.at, isFailureClass(callClass));
      if (isFailureClass(callClass) || (callClass === 'success' && sample.latencyMs >= thresholds.slowMs)) {
        record.lastTroubleAt = Math.max(record.lastTroubleAt, sample.at + sample.latencyMs);
      }
      // A refused login hurts the caller, but it is our credentials' incident, not the upstream's.
      countCall(callClass === 'login' ? record.credentials.pending : record.outage.pending, callClass, sample.operation, sample.communeCode);
      if (sample.communeCode !== undefined) {
        if (callClass === 'not-provisioned' && (record.notProvisioned.size < MAX_COMMUNES || record.notProvisioned.has(sample.communeCode))) {
          record.notProvisioned.set(sample.communeCode, sample.at);
        }
        else if (callClass === 'success') record.notProvisioned.delete(sample.communeCode);
      }
      if (callClass === 'login') setLogin(record, 'failing', sample.at);
      else if (callClass === 'success' && record.login === 'failing') setLogin(record, 'ok', sample.at);
    },
    recordProbe(result) {
      const record = recordOf(result.upstream);
      const settings = { failureThreshold: 3, successThreshold: 2, ...record.probeSettings, operation: result.operation };
      record.probeSettings = settings;
      const wasDown = record.probe.status === 'down';
      const wasIntermittent = record.probe.intermittent;
      record.probe = trackProbe(record.probe, result, settings);
      // Recovered (from down, or steady again after failing now and then): failures and stale answers from the
      // bad spell must not keep judging it (nor stretch the incident).
      const steadyAgain = wasIntermittent && !record.probe.intermittent && record.probe.status === 'up';
      if ((wasDown && record.probe.status === 'up') || steadyAgain) record.recent = createRecentWindow(windows);
      const available = probeAvailability(result.outcome);
      record.minutes.probe(result.at, available === false);
      if (available === false || (available && result.latencyMs >= thresholds.slowMs)) {
        record.lastTroubleAt = Math.max(record.lastTroubleAt, result.at + result.latencyMs);
      }
      if (result.outcome === 'cannot-log-in') {
        setLogin(record, 'failing', result.at);
        record.credentials.pending.operations.add(`probe:${result.operation}`);
      } else if (available && result.loggedIn) setLogin(record, 'ok', result.at);
      if (available === false) {
        record.outage.pending.operations.add(`probe:${result.operation}`);
      }
    },
    recordResilienceEvent(upstream, event) {
      const record = recordOf(upstream);
      if (event.type === 'breaker-state') setBreaker(record, event.group, event.state, event.at);
      else if (event.type === 'cache' && event.result !== 'stale-served') record.window.recordCache(event.at, event.result === 'hit');
    },
    recordAdapterEvent(event) {
      const record = recordOf(event.upstream);
      if (event.type === 'auth-failed') {
        // Only refused credentials are a login problem; a token endpoint that is down is the upstream being down.
        if (event.code === 'unauthorized') setLogin(record, 'failing', event.atMs || now());
      } else {
        setLogin(record, 'ok', event.atMs || now());
      }
    },
    recordTicketQueued(upstream, communeCode) {
      const record = recordOf(upstream);
      record.outage.pending.ticketsReported += 1;
      if (communeCode !== undefined) record.outage.pending.communes.add(communeCode);
    },
    evaluate() {
      evaluating = evaluating.then(evaluateAll).catch((error: unknown) => onError(error, 'evaluate'));
      return evaluating;
    },
    snapshot(snapshotOptions = {}) {
      const at = now();
      return snapshotOf([...records.values()], at, {
        windowMs,
        maintenance: maintenanceWindows(),
        communeCode: snapshotOptions.communeCode,
        communeAliases: snapshotOptions.communeAliases,
        judgeForCommune: (record) => judge(figuresOf(record, record.recent.stats(at, judgementWindowMs), activeMaintenance(record.upstream, at) !== undefined, true), thresholds),
      });
    },
    subscribe: emitter.subscribe,
    restore() {
      restoring = restoring.catch(() => undefined).then(async () => {
        await evaluating;
        const open = await store.listIncidents({ status: 'open' });
        for (const record of records.values()) {
          record.outage = createIncidentSlot('outage');
          record.credentials = createIncidentSlot('credentials');
          record.recent = createRecentWindow(windows);
        }
        for (const incident of open.reverse()) {
          const record = recordOf(incident.upstream);
          resumeIncident(incident.kind === 'credentials' ? record.credentials : record.outage, incident);
        }
      });
      return restoring;
    },
    async flush() {
      await evaluating;
      const buckets = [...records.values()].flatMap((record) => record.minutes.take(true));
      if (buckets.length > 0) write('minute buckets', () => store.writeMinutes(buckets));
      await writes;
    },
  };
}
