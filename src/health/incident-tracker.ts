// When an incident opens and closes, pure: a bad spell opens one after a threshold, and it closes only after
// the upstream stayed good for a while, so a flapping upstream makes one incident, not ten.
import type { Judgement } from './judge.ts';
import type { HealthState, Reason } from './types.ts';

export interface IncidentThresholds {
  /** How long the upstream must be down before an incident opens, ms. Default 0 (the probe threshold already debounces). */
  openDownAfterMs: number;
  /** How long the upstream must be degraded (or worse) before an incident opens, ms. Default 120_000. */
  openDegradedAfterMs: number;
  /** How long the upstream must stay good before the incident closes, ms; a relapse within it continues the incident. Default 120_000. */
  closeAfterMs: number;
}

export const DEFAULT_INCIDENT_THRESHOLDS: IncidentThresholds = { openDownAfterMs: 0, openDegradedAfterMs: 120_000, closeAfterMs: 120_000 };

export type BadState = 'down' | 'degraded';

export interface IncidentTrack {
  /** Start of the current bad spell (pending or open incident), epoch ms. */
  badSince: number | null;
  /** Start of the current good spell while an incident is open, epoch ms. */
  goodSince: number | null;
  /** Worst state of the spell. */
  worst: BadState | null;
  /** Every reason seen during the spell. */
  causes: Reason[];
  /** An incident is open. */
  open: boolean;
}

export const idleTrack: IncidentTrack = { badSince: null, goodSince: null, worst: null, causes: [], open: false };

export type IncidentAction =
  | { type: 'none' }
  | { type: 'pending-cleared' }
  | { type: 'open'; startedAt: number }
  | { type: 'close'; startedAt: number; endedAt: number };

const isBad = (state: HealthState): state is BadState => state === 'down' || state === 'degraded';

/**
 * Advances the track by one judgement made at `at`. Call it on every evaluation, not only on changes. `since`
 * is when the judged state really began (the first probe of the run that proved it; default `at`): a spell
 * starts, and a recovery ends the incident, then rather than when the evaluation noticed. A judgement without
 * evidence (`no-data`, e.g. just after a restart) is neither bad nor good: the track waits.
 */
export function stepIncident(track: IncidentTrack, at: number, judgement: Judgement, thresholds: IncidentThresholds, since = at): { track: IncidentTrack; action: IncidentAction } {
  const { state } = judgement;
  if (judgement.reasons.includes('no-data')) return { track, action: { type: 'none' } };
  if (isBad(state)) {
    const badSince = track.badSince ?? Math.min(since, at);
    const worst: BadState = track.worst === 'down' || state === 'down' ? 'down' : 'degraded';
    const causes = [...new Set([...track.causes, ...judgement.reasons])];
    const next: IncidentTrack = { badSince, goodSince: null, worst, causes, open: track.open };
    if (track.open) return { track: next, action: { type: 'none' } };
    const elapsed = at - badSince;
    const due = (state === 'down' && elapsed >= thresholds.openDownAfterMs) || elapsed >= thresholds.openDegradedAfterMs;
    if (!due) return { track: next, action: { type: 'none' } };
    return { track: { ...next, open: true }, action: { type: 'open', startedAt: badSince } };
  }
  if (!track.open) {
    if (track.badSince === null) return { track, action: { type: 'none' } };
    return { track: idleTrack, action: { type: 'pending-cleared' } };
  }
  const goodSince = track.goodSince ?? Math.max(Math.min(since, at), track.badSince ?? 0);
  if (at - goodSince >= thresholds.closeAfterMs) {
    return { track: idleTrack, action: { type: 'close', startedAt: track.badSince ?? goodSince, endedAt: goodSince } };
  }
  return { track: { ...track, goodSince }, action: { type: 'none' } };
}
