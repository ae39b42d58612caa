// One evaluation of one upstream: judge, note a state change (dated when it really began), advance its outage
// and credentials incidents, record the minute.
import type { HealthEmitter } from './events.ts';
import type { IncidentSlot } from './incident-slot.ts';
import { stepIncident, type IncidentThresholds } from './incident-tracker.ts';
import { judge, type Judgement, type JudgementThresholds } from './judge.ts';
import { createSpellCounters, incidentCounts, mergeCounters } from './spell-counters.ts';
import type { HealthStore, Incident } from './store.ts';
import type { UpstreamName } from './types.ts';
import { figuresOf, type UpstreamRecord } from './upstream-record.ts';

export interface EvaluationContext {
  store: HealthStore;
  newId: () => string;
  emitter: HealthEmitter;
  thresholds: JudgementThresholds;
  incidentThresholds: IncidentThresholds;
  judgementWindowMs: number;
  incidentSaveEveryMs: number;
  /** Queues a store write (serialised, errors reported, never thrown). */
  write: (what: string, task: () => Promise<void>) => void;
  inMaintenance: (upstream: UpstreamName, at: number) => boolean;
}

export function evaluateUpstream(record: UpstreamRecord, at: number, context: EvaluationContext): void {
  const traffic = record.recent.stats(at, context.judgementWindowMs);
  const judgement = judge(figuresOf(record, traffic, context.inMaintenance(record.upstream, at), false), context.thresholds);
  if (judgement.state !== record.state) {
    const from = record.state;
    const since = stateStart(record, judgement, at);
    record.state = judgement.state;
    record.since = since;
    record.reasons = judgement.reasons;
    context.emitter.emit({ type: 'state-changed', upstream: record.upstream, from, to: judgement.state, reasons: judgement.reasons, at, since });
  } else {
    record.reasons = judgement.reasons;
  }
  record.minutes.state(at, judgement.state);
  const noData = judgement.reasons.includes('no-data');
  if (!noData) record.evidenceSeen = true;
  // No evidence since start (a restart) says nothing; once the last figures aged out, nothing is wrong any more.
  const outage = noData && record.evidenceSeen ? { state: judgement.state, reasons: [] } : outageJudgement(judgement);
  advanceIncident(record, record.outage, outage, record.since, at, context);
  advanceIncident(record, record.credentials, credentialsJudgement(record, judgement), record.loginSince, at, context);
}

/** Reasons that rest on calls and probes alone: their spell ends with the last failed or slow one. */
const EVIDENCED: ReadonlySet<string> = new Set(['probe-failing', 'probe-intermittent', 'error-rate-high', 'error-rate-elevated', 'slow', 'serving-stale']);

/**
 * When the newly judged state began: a run of failed probes proves an outage from its first failure, a run of
 * good probes proves a recovery from its first success; a degraded spell judged from calls and probes alone
 * ended with the last failed or slow one (the figures only forget it later). Never before the state being left.
 */
export function stateStart(record: UpstreamRecord, judgement: Judgement, at: number): number {
  const { probe } = record;
  const clamp = (start: number) => Math.min(at, Math.max(start, record.since));
  if (probe.streakSince !== null && record.probeSettings) {
    const outage = judgement.state === 'down' && judgement.reasons.includes('probe-failing') && probe.status === 'down' && probe.consecutiveFailures > 0;
    const recovery = record.state === 'down' && judgement.state !== 'down' && probe.status === 'up' && probe.consecutiveSuccesses > 0;
    if (outage || recovery) return clamp(probe.streakSince);
  }
  const evidenced = record.reasons.length > 0 && record.reasons.every((reason) => EVIDENCED.has(reason));
  if (record.state === 'degraded' && judgement.state === 'operational' && evidenced && record.lastTroubleAt > record.since) {
    return clamp(record.lastTroubleAt);
  }
  return at;
}

/** The judgement without our own login problem: what the upstream is responsible for. */
export function outageJudgement(judgement: Judgement): Judgement {
  if (!judgement.reasons.includes('cannot-log-in')) return judgement;
  const reasons = judgement.reasons.filter((reason) => reason !== 'cannot-log-in');
  return judgement.state === 'degraded' && reasons.length === 0 ? { state: 'operational', reasons: [] } : { state: judgement.state, reasons };
}

/** Our credentials as a judgement of their own: refused is bad, accepted good, unknown says nothing. */
function credentialsJudgement(record: UpstreamRecord, judgement: Judgement): Judgement {
  if (judgement.state === 'maintenance') return judgement;
  if (record.login === 'failing') return { state: 'degraded', reasons: ['cannot-log-in'] };
  return { state: 'operational', reasons: record.login === 'ok' ? [] : ['no-data'] };
}

function advanceIncident(record: UpstreamRecord, slot: IncidentSlot, judgement: Judgement, since: number, at: number, context: EvaluationContext): void {
  const thresholds = slot.kind === 'credentials'
    ? { ...context.incidentThresholds, openDegradedAfterMs: context.incidentThresholds.openDownAfterMs } // refused is refused: no debounce
    : context.incidentThresholds;
  const { track, action } = stepIncident(slot.track, at, judgement, thresholds, since);
  slot.track = track;
  if (track.badSince !== null) {
    mergeCounters(slot.spell, slot.pending);
    if (slot.kind === 'outage') slot.spell.peakQueueDepth = Math.max(slot.spell.peakQueueDepth, record.queue?.depth ?? 0);
  }
  slot.pending = createSpellCounters();

  if (action.type === 'pending-cleared') {
    slot.spell = createSpellCounters();
  } else if (action.type === 'open') {
    const incident: Incident = {
      id: context.newId(),
      upstream: record.upstream,
      kind: slot.kind,
      status: 'open',
      startedAt: action.startedAt,
      endedAt: null,
      durationMs: null,
      worstState: track.worst ?? 'down',
      causes: track.causes,
      ...incidentCounts(slot.spell),
      updatedAt: at,
    };
    slot.incident = incident;
    save(slot, incident, at, context);
    context.emitter.emit({ type: 'incident-opened', incident: { ...incident }, at });
  } else if (action.type === 'close' && slot.incident) {
    const incident: Incident = {
      ...slot.incident,
      ...incidentCounts(slot.spell),
      status: 'closed',
      endedAt: action.endedAt,
      durationMs: action.endedAt - slot.incident.startedAt,
      updatedAt: at,
    };
    slot.incident = null;
    slot.spell = createSpellCounters();
    save(slot, incident, at, context);
    context.emitter.emit({ type: 'incident-closed', incident: { ...incident }, at });
  } else if (slot.incident && track.open) {
    const updated: Incident = { ...slot.incident, worstState: track.worst ?? slot.incident.worstState, causes: track.causes, ...incidentCounts(slot.spell) };
    const previous = slot.incident;
    const escalated = updated.worstState !== previous.worstState || updated.causes.length !== previous.causes.length;
    const counted = JSON.stringify({ ...updated, updatedAt: 0 }) !== JSON.stringify({ ...previous, updatedAt: 0 });
    slot.incident = updated;
    if (escalated || (counted && at - slot.savedAt >= context.incidentSaveEveryMs)) save(slot, updated, at, context);
  }
}

function save(slot: IncidentSlot, incident: Incident, at: number, context: EvaluationContext): void {
  slot.savedAt = at;
  if (slot.incident) slot.incident.updatedAt = at;
  const copy = { ...incident };
  context.write('incident', () => context.store.saveIncident(copy));
}
