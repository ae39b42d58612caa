// One evaluation of one upstream: judge, note a state change, advance the incident, record the minute.
import type { HealthEmitter } from './events.ts';
import { stepIncident, type IncidentThresholds } from './incident-tracker.ts';
import { judge, type JudgementThresholds } from './judge.ts';
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
    record.state = judgement.state;
    record.since = at;
    record.reasons = judgement.reasons;
    context.emitter.emit({ type: 'state-changed', upstream: record.upstream, from, to: judgement.state, reasons: judgement.reasons, at });
  } else {
    record.reasons = judgement.reasons;
  }
  record.minutes.state(at, judgement.state);

  const { track, action } = stepIncident(record.track, at, judgement, context.incidentThresholds);
  record.track = track;
  if (track.badSince !== null) {
    mergeCounters(record.spell, record.pending);
    record.spell.peakQueueDepth = Math.max(record.spell.peakQueueDepth, record.queue?.depth ?? 0);
  }
  record.pending = createSpellCounters();

  if (action.type === 'pending-cleared') {
    record.spell = createSpellCounters();
  } else if (action.type === 'open') {
    const incident: Incident = {
      id: context.newId(),
      upstream: record.upstream,
      status: 'open',
      startedAt: action.startedAt,
      endedAt: null,
      durationMs: null,
      worstState: track.worst ?? 'down',
      causes: track.causes,
      ...incidentCounts(record.spell),
      updatedAt: at,
    };
    record.incident = incident;
    save(record, incident, at, context);
    context.emitter.emit({ type: 'incident-opened', incident: { ...incident }, at });
  } else if (action.type === 'close' && record.incident) {
    const incident: Incident = {
      ...record.incident,
      ...incidentCounts(record.spell),
      status: 'closed',
      endedAt: action.endedAt,
      durationMs: action.endedAt - record.incident.startedAt,
      updatedAt: at,
    };
    record.incident = null;
    record.spell = createSpellCounters();
    save(record, incident, at, context);
    context.emitter.emit({ type: 'incident-closed', incident: { ...incident }, at });
  } else if (record.incident && track.open) {
    const updated: Incident = { ...record.incident, worstState: track.worst ?? record.incident.worstState, causes: track.causes, ...incidentCounts(record.spell) };
    const previous = record.incident;
    const escalated = updated.worstState !== previous.worstState || updated.causes.length !== previous.causes.length;
    const counted = JSON.stringify({ ...updated, updatedAt: 0 }) !== JSON.stringify({ ...previous, updatedAt: 0 });
    record.incident = updated;
    if (escalated || (counted && at - record.incidentSavedAt >= context.incidentSaveEveryMs)) save(record, updated, at, context);
  }
}

function save(record: UpstreamRecord, incident: Incident, at: number, context: EvaluationContext): void {
  record.incidentSavedAt = at;
  if (record.incident) record.incident.updatedAt = at;
  const copy = { ...incident };
  context.write('incident', () => context.store.saveIncident(copy));
}
