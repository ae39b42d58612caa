// One kind of incident of one upstream as it is being tracked: the pure track, the open incident, and what
// happened to callers meanwhile. An upstream has two: its outages, and our own credentials being refused
// (kept apart so that a province can leave our login problems out when it blames the upstream).
import { idleTrack, type IncidentTrack } from './incident-tracker.ts';
import { countersFromIncident, createSpellCounters, type SpellCounters } from './spell-counters.ts';
import type { Incident, IncidentKind } from './store.ts';

export interface IncidentSlot {
  kind: IncidentKind;
  track: IncidentTrack;
  incident: Incident | null;
  /** Calls that hurt callers since the last evaluation. */
  pending: SpellCounters;
  /** Calls that hurt callers during the current bad spell. */
  spell: SpellCounters;
  /** Last store write of the open incident, epoch ms. */
  savedAt: number;
}

export function createIncidentSlot(kind: IncidentKind): IncidentSlot {
  return { kind, track: idleTrack, incident: null, pending: createSpellCounters(), spell: createSpellCounters(), savedAt: 0 };
}

/** Resumes an incident a previous run left open. */
export function resumeIncident(slot: IncidentSlot, incident: Incident): void {
  slot.incident = incident;
  slot.savedAt = incident.updatedAt;
  slot.spell = countersFromIncident(incident);
  slot.track = { badSince: incident.startedAt, goodSince: null, worst: incident.worstState, causes: incident.causes, open: true };
}
