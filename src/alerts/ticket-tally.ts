// Counts verification tickets per local day (queued, completed, failed, expired) from the queue's events, for
// the daily summary. Counted in memory and added to the store every minute and at stop: no write per ticket.
import type { Timers } from '../health/monitor.ts';
import { localDayOf } from './local-day.ts';
import type { AlertStore } from './store.ts';
import type { SummaryTickets } from './types.ts';

/** The queue events the tally reads (a structural subset of the queue's QueueEvent). */
export type TicketEvent =
  | { type: 'ticket-queued'; at: number }
  | { type: 'ticket-ended'; status: 'completed' | 'failed' | 'expired'; at: number }
  | { type: string; at: number };

export interface TicketTallyOptions {
  store: Pick<AlertStore, 'addTicketCounts' | 'ticketCounts'>;
  timers: Timers;
  /** How often the counts go to the store, ms. Default 60_000. */
  flushEveryMs?: number;
  onError: (error: unknown, what: string) => void;
}

export interface TicketTally {
  /** A queue event; returns at once. */
  record(event: TicketEvent): void;
  /** Writes what was counted so far. */
  flush(): Promise<void>;
  /** The counts of the local day starting at `fromMs` (what the daily summary asks). */
  counts(fromMs: number): Promise<SummaryTickets | null>;
  start(): void;
  stop(): Promise<void>;
}

const zero = (): SummaryTickets => ({ queued: 0, completed: 0, failed: 0, expired: 0 });

export function createTicketTally(options: TicketTallyOptions): TicketTally {
  let pending = new Map<string, SummaryTickets>();
  let handle: unknown;
  let running = false;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    const batch = pending;
    pending = new Map();
    writing = writing.then(async () => {
      for (const [day, counts] of batch) await options.store.addTicketCounts(day, counts);
    }).catch((error: unknown) => options.onError(error, 'ticket counts'));
    return writing;
  }

  function later(): void {
    if (running) handle = options.timers.setTimeout(() => void flush().finally(later), options.flushEveryMs ?? 60_000);
  }

  return {
    record(event) {
      const field = event.type === 'ticket-queued' ? 'queued' : event.type === 'ticket-ended' && 'status' in event ? event.status : undefined;
      if (field !== 'queued' && field !== 'completed' && field !== 'failed' && field !== 'expired') return;
      const day = localDayOf(event.at);
      const counts = pending.get(day) ?? zero();
      counts[field] += 1;
      pending.set(day, counts);
    },
    flush,
    async counts(fromMs) {
      await flush();
      return (await options.store.ticketCounts(localDayOf(fromMs))) ?? zero();
    },
    start() {
      if (running) return;
      running = true;
      later();
    },
    async stop() {
      running = false;
      if (handle !== undefined) options.timers.clearTimeout(handle);
      await flush();
    },
  };
}
