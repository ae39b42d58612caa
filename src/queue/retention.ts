// How long a ticket's personal data lives — pure: the stage a ticket is in at a given time, the cut-offs the
// store's purge uses, and the outcome record a ticket is reduced to. The store and the API apply the same rule.
import type { Ticket } from './types.ts';

const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  /** Days after its end that a ticket keeps its result and case id (the client fetches them meanwhile). */
  resultsDays: number;
  /** Days after its end that the outcome record (no personal data) is kept for statistics; then it is deleted. */
  outcomeDays: number;
}

/**
 * `open`: queued or in progress, all it needs to reach the upstream (subject, officer, purpose).
 * `result`: ended; the subject, officer and purpose are gone, the result and case id wait for the client.
 * `outcome`: only status, type, commune, timestamps and the outcome code remain.
 * `deleted`: past `outcomeDays`, no row at all.
 */
export type RetentionStage = 'open' | 'result' | 'outcome' | 'deleted';

export function retentionStage(ticket: Pick<Ticket, 'endedAt'>, now: number, policy: RetentionPolicy): RetentionStage {
  if (ticket.endedAt === null) return 'open';
  const ageMs = now - ticket.endedAt;
  if (ageMs < policy.resultsDays * DAY_MS) return 'result';
  if (ageMs < policy.outcomeDays * DAY_MS) return 'outcome';
  return 'deleted';
}

/** Epoch ms at which an ended ticket loses its result and case id. */
export function resultKeptUntil(endedAt: number, policy: RetentionPolicy): number {
  return endedAt + policy.resultsDays * DAY_MS;
}

/** What the store's purge does at `now`: tickets ended at or before these times move to that stage. */
export interface PurgeCutoffs {
  now: number;
  /** Ended at or before this: reduced to the outcome record. */
  reduceIfEndedBy: number;
  /** Ended at or before this: deleted with their callbacks. */
  deleteIfEndedBy: number;
}

/** The cut-offs matching `retentionStage` at `now` (a ticket ended exactly `resultsDays` ago is an outcome). */
export function purgeCutoffs(now: number, policy: RetentionPolicy): PurgeCutoffs {
  return { now, reduceIfEndedBy: now - policy.resultsDays * DAY_MS, deleteIfEndedBy: now - policy.outcomeDays * DAY_MS };
}

/** Marks the idempotency key of a reduced ticket as released; the space keeps it apart from any client key. */
export const RELEASED_KEY_PREFIX = 'released ';

/**
 * The fields an ended ticket keeps no longer than its end: what reaches the upstream and who asked. The client
 * never reads them back (the audit log records who asked and why).
 */
export const ENDED_PERSONAL_FIELDS = { subject: {}, officerId: '', purpose: '' } as const satisfies Partial<Ticket>;

/** The outcome record of an ended ticket: no result, case, request fingerprint, key or callback address. */
export function outcomeRecord(ticket: Ticket, reducedAt: number): Ticket {
  return {
    ...ticket,
    ...ENDED_PERSONAL_FIELDS,
    idempotencyKey: `${RELEASED_KEY_PREFIX}${ticket.id}`,
    bodyHash: '',
    caseId: null,
    callbackUrl: null,
    result: null,
    fetchedAt: null,
    reducedAt: ticket.reducedAt ?? reducedAt,
  };
}
