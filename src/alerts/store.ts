// The alert store: a durable outbox (one entry per message and channel, delivered in order per channel), the
// rule engine's state, and maintenance windows created by admin calls. A memory implementation
// (memory-store.ts), a SQLite one (src/store/sqlite-alert-outbox.ts) and a PostgreSQL one
// (src/store/postgres-alert-store.ts) pass one suite (alert-store.suite.ts).
import type { MaintenanceWindow } from '../health/types.ts';
import type { Notification, SummaryTickets } from './types.ts';

export type OutboxStatus = 'pending' | 'delivered' | 'abandoned';

export interface OutboxEntry {
  /** `<message id>@<channel>`. */
  id: string;
  /** Order of enqueueing; a channel's entries are delivered in this order. */
  seq: number;
  channel: string;
  message: Notification;
  status: OutboxStatus;
  /** Attempts made so far. */
  attempts: number;
  /** Not tried before this time, epoch ms. */
  nextAttemptAt: number;
  createdAt: number;
  endedAt: number | null;
  lastError: string | null;
}

/** The outcome of one attempt. */
export type OutboxUpdate =
  | { status: 'delivered'; at: number }
  | { status: 'pending'; at: number; nextAttemptAt: number; error: string }
  | { status: 'abandoned'; at: number; error: string };

/** A maintenance window created by an admin call. */
export interface StoredMaintenance extends MaintenanceWindow {
  id: string;
  createdAt: number;
}

/** Every method commits before it resolves. */
export interface AlertStore {
  /**
   * Adds one pending entry per channel of the message, due at `now`. An entry id already present is left as it is
   * (a message replayed after a restart is not sent twice). Returns the ids added.
   */
  enqueue(message: Notification, channels: readonly string[], now: number): Promise<string[]>;
  /**
   * For each channel, its oldest pending entry if it is due and not leased: leases it to `owner` until
   * `now + leaseMs`. A channel whose head entry waits for a retry holds back its later entries (order is kept).
   */
  claim(owner: string, now: number, leaseMs: number): Promise<OutboxEntry[]>;
  /** Records an attempt's outcome if `owner` still holds the lease; false otherwise. */
  settle(id: string, owner: string, update: OutboxUpdate): Promise<boolean>;
  /** Entries, oldest first, optionally of one status. */
  list(status?: OutboxStatus): Promise<OutboxEntry[]>;
  /** Deletes delivered and abandoned entries that ended before `beforeMs`; returns how many. */
  prune(beforeMs: number): Promise<number>;

  /** The rule engine's last state (JSON), or undefined. */
  loadState(): Promise<unknown>;
  saveState(state: unknown, now: number): Promise<void>;

  addMaintenance(window: StoredMaintenance): Promise<void>;
  /** Stored windows that end after `afterMs`, by start. */
  listMaintenance(afterMs: number): Promise<StoredMaintenance[]>;

  /** Adds to the verification ticket counts of a local day (`YYYY-MM-DD`), for the daily summary. */
  addTicketCounts(day: string, counts: SummaryTickets): Promise<void>;
  /** The counts of a local day; undefined when nothing was counted that day. */
  ticketCounts(day: string): Promise<SummaryTickets | undefined>;
}
