// What happened to callers during a bad spell: failed, stale and refused calls, operations and communes touched.
import type { Incident } from './store.ts';
import type { CallClass } from './types.ts';

/** Communes and operations kept per incident, at most (a province has about 100 communes). */
const MAX_NAMES = 1_000;

export interface SpellCounters {
  requestsFailed: number;
  requestsServedStale: number;
  requestsRejected: number;
  ticketsReported: number;
  peakQueueDepth: number;
  operations: Set<string>;
  communes: Set<string>;
}

export function createSpellCounters(): SpellCounters {
  return { requestsFailed: 0, requestsServedStale: 0, requestsRejected: 0, ticketsReported: 0, peakQueueDepth: 0, operations: new Set(), communes: new Set() };
}

/** Counts one call if it hurt a caller; returns whether it did. */
export function countCall(counters: SpellCounters, callClass: CallClass, operation: string, communeCode: string | undefined): boolean {
  if (callClass === 'failure' || callClass === 'login') counters.requestsFailed += 1;
  else if (callClass === 'stale') counters.requestsServedStale += 1;
  else if (callClass === 'rejected') counters.requestsRejected += 1;
  else return false;
  addName(counters.operations, operation);
  if (communeCode !== undefined) addName(counters.communes, communeCode);
  return true;
}

export function addName(names: Set<string>, name: string): void {
  if (names.size < MAX_NAMES) names.add(name);
}

/** Adds `from` into `into`. */
export function mergeCounters(into: SpellCounters, from: SpellCounters): void {
  into.requestsFailed += from.requestsFailed;
  into.requestsServedStale += from.requestsServedStale;
  into.requestsRejected += from.requestsRejected;
  into.ticketsReported += from.ticketsReported;
  into.peakQueueDepth = Math.max(into.peakQueueDepth, from.peakQueueDepth);
  for (const name of from.operations) addName(into.operations, name);
  for (const name of from.communes) addName(into.communes, name);
}

/** The incident's counting fields from the spell's counters. */
export function incidentCounts(counters: SpellCounters): Pick<Incident,
  'requestsFailed' | 'requestsServedStale' | 'requestsRejected' | 'ticketsQueued' | 'affectedOperations' | 'communesAffected'> {
  return {
    requestsFailed: counters.requestsFailed,
    requestsServedStale: counters.requestsServedStale,
    requestsRejected: counters.requestsRejected,
    ticketsQueued: Math.max(counters.ticketsReported, counters.peakQueueDepth),
    affectedOperations: [...counters.operations].sort(),
    communesAffected: [...counters.communes].sort(),
  };
}

/** Counters resumed from a stored open incident (after a restart). */
export function countersFromIncident(incident: Incident): SpellCounters {
  return {
    requestsFailed: incident.requestsFailed,
    requestsServedStale: incident.requestsServedStale,
    requestsRejected: incident.requestsRejected,
    ticketsReported: incident.ticketsQueued,
    peakQueueDepth: 0,
    operations: new Set(incident.affectedOperations),
    communes: new Set(incident.communesAffected),
  };
}
