// The TicketStore interface: durable tickets and their callback outbox. SQLite (default), PostgreSQL and
// memory implementations live in src/store and pass one shared test suite.
import type { UpstreamName } from '../domain/errors.ts';
import type { PurgeCutoffs } from './retention.ts';
import type {
  DeliveryAttempt, DeliveryStatus, NewTicket, OutboxMessage, Ticket, TicketEnd, TicketStatus,
} from './types.ts';

/** A claimable ticket, reduced to what fair scheduling needs. */
export interface Candidate {
  id: string;
  communeCode: string;
  citizenWaiting: boolean;
  createdAt: number;
}

/** Outbox row to write in the same transaction as a ticket's end. */
export interface NewOutboxMessage {
  id: string;
  url: string;
  body: string;
}

export interface FinishOptions {
  now: number;
  /** The lease holder ending the ticket; absent for an unleased ticket (expiry). */
  owner?: string | undefined;
  /** Callback to write in the same transaction. */
  outbox?: NewOutboxMessage | undefined;
  /** Upstream attempts made, counting the one that ended the ticket; unchanged when absent. */
  attempts?: number | undefined;
}

export interface ListFilter {
  /** Only tickets of these communes (the client's). */
  communes: readonly string[];
  status?: TicketStatus | undefined;
  /** Newest first; at most this many. */
  limit: number;
  /** Opaque position returned as `nextCursor` by the previous page. */
  cursor?: string | undefined;
}

export interface QueueStats {
  queued: number;
  inProgress: number;
  /** Creation time of the oldest queued ticket, epoch ms; null when none is queued. */
  oldestQueuedAt: number | null;
  byCommune: Record<string, { queued: number; inProgress: number }>;
}

/** What `admit` did: stored the ticket, found the client's earlier ticket with that key, or refused it. */
export type AdmitResult =
  | { outcome: 'created' | 'existing'; ticket: Ticket }
  /** The key is new and the client already has `maxOpenPerClient` queued or in-progress tickets. */
  | { outcome: 'over-quota'; openTickets: number };

/** What one `purge` call changed. */
export interface PurgeCounts {
  /** Tickets reduced to their outcome record. */
  reduced: number;
  /** Outcome records deleted. */
  deleted: number;
  /** Callback messages deleted (ended ones, and any of a reduced or deleted ticket) with their attempts. */
  callbacksDeleted: number;
}

/** Result of a delivery attempt: record it and move the message on. */
export type DeliveryUpdate =
  | { status: Exclude<DeliveryStatus, 'pending'> }
  | { status: 'pending'; nextAttemptAt: number };

/**
 * Every method commits before it resolves: a resolved `create` means the ticket survives a crash.
 * Guards make concurrent workers (even in several processes sharing PostgreSQL) safe: a lease is taken only
 * if the ticket is still claimable, and only the lease owner may release or end it.
 */
export interface TicketStore {
  /** Inserts the ticket unless the client already used the key; returns the stored ticket either way. */
  create(ticket: NewTicket): Promise<{ created: boolean; ticket: Ticket }>;
  /**
   * `create`, unless the key is new and the client already has `maxOpenPerClient` open (queued or in-progress)
   * tickets. A repeat of a used key always gets its ticket back, whatever the count.
   */
  admit(ticket: NewTicket, maxOpenPerClient: number): Promise<AdmitResult>;
  get(id: string): Promise<Ticket | undefined>;
  list(filter: ListFilter): Promise<{ tickets: Ticket[]; nextCursor: string | null }>;
  /** 1-based place in the upstream's line (citizen-waiting first, then oldest first); approximate under fairness. */
  position(ticket: Ticket): Promise<number>;

  /**
   * Claimable tickets of an upstream: queued and due, or in progress with a lapsed lease (a crashed worker),
   * not past expiry; at most `perCommune` per commune, in each commune citizen-waiting first then oldest.
   */
  candidates(upstream: UpstreamName, now: number, perCommune: number): Promise<Candidate[]>;
  /** Leases the given tickets that are still claimable to `owner` until `now + leaseMs`; returns those taken. */
  lease(ids: readonly string[], owner: string, now: number, leaseMs: number): Promise<Ticket[]>;
  /** Gives a leased ticket back to the queue. False when `owner` no longer holds the lease. */
  release(id: string, owner: string, update: { now: number; attempts: number; nextAttemptAt: number; lastError: string | null }): Promise<boolean>;
  /**
   * Ends a ticket and, in the same transaction, writes its callback to the outbox. With `owner`, only the lease
   * holder may end it; without, only an unleased (queued or lapsed) ticket. False when the guard refused.
   */
  finish(id: string, end: TicketEnd, options: FinishOptions): Promise<boolean>;
  /** Unleased unfinished tickets of an upstream whose expiry has passed (at most `limit`). */
  expiredTickets(upstream: UpstreamName, now: number, limit: number): Promise<Ticket[]>;
  stats(upstream: UpstreamName): Promise<QueueStats>;

  /** Leases due pending outbox messages to `owner`, oldest due first. */
  claimDeliveries(owner: string, now: number, leaseMs: number, limit: number): Promise<OutboxMessage[]>;
  /** Records an attempt and updates the message, if `owner` still holds it. */
  recordDelivery(id: string, owner: string, attempt: DeliveryAttempt, update: DeliveryUpdate): Promise<boolean>;
  /** A ticket's callback messages (normally zero or one). */
  outboxOf(ticketId: string): Promise<OutboxMessage[]>;
  deliveryAttempts(outboxId: string): Promise<DeliveryAttempt[]>;

  /**
   * Retention (src/queue/retention.ts): deletes ended callbacks (delivered, gone, abandoned) and every callback of a
   * ticket due for reduction, reduces up to `limit` tickets ended by `reduceIfEndedBy` to their outcome record and
   * deletes up to `limit` ended by `deleteIfEndedBy`. The SQLite store then checkpoints and truncates its WAL, so
   * the removed values leave the files on disk too. Call again while a count equals `limit`.
   */
  purge(cutoffs: PurgeCutoffs, limit: number): Promise<PurgeCounts>;

  close(): Promise<void>;
}

/**
 * A page of `limit` tickets from the `limit + 1` a store read in listing order (the extra one only says that another
 * page follows), with the cursor of that next page.
 */
export function ticketPage(tickets: readonly Ticket[], limit: number): { tickets: Ticket[]; nextCursor: string | null } {
  const page = tickets.slice(0, limit);
  const last = page.at(-1);
  return { tickets: page, nextCursor: tickets.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

/** Cursor of a newest-first listing: the last row's creation time and id. */
export function encodeCursor(createdAt: number, id: string): string {
  return btoa(`${createdAt}:${id}`).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

export function decodeCursor(cursor: string): { createdAt: number; id: string } | undefined {
  try {
    const text = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    const colon = text.indexOf(':');
    const createdAt = Number(text.slice(0, colon));
    if (colon < 1 || !Number.isSafeInteger(createdAt)) return undefined;
    return { createdAt, id: text.slice(colon + 1) };
  } catch {
    return undefined;
  }
}
