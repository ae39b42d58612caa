// The daily summary: at a configured local time, yesterday's incidents, tickets queued and completed, and what
// still waits, queued in the outbox for the channels that take it (once per day, even across restarts).
import type { Incident } from '../health/store.ts';
import type { Timers } from '../health/monitor.ts';
import { nextLocalTime, previousLocalDay } from './local-day.ts';
import type { AlertStore } from './store.ts';
import type { DailySummary, SummaryTickets, SummaryWaiting } from './types.ts';

/** Where the figures come from (injected: the health store, the ticket store). */
export interface DailySummaryFigures {
  /** Incidents overlapping [fromMs, toMs). */
  incidents(fromMs: number, toMs: number): Promise<Incident[]>;
  /** Tickets queued and ended over [fromMs, toMs); null when the queue cannot tell. */
  tickets(fromMs: number, toMs: number): Promise<SummaryTickets | null>;
  /** Tickets waiting now, per upstream. */
  waiting(): Promise<SummaryWaiting[]>;
}

export interface DailySummaryOptions {
  /** Local time (Asia/Ho_Chi_Minh), `HH:MM`. */
  at: string;
  channels: readonly string[];
  store: Pick<AlertStore, 'enqueue'>;
  figures: DailySummaryFigures;
  now: () => number;
  timers: Timers;
  onError: (error: unknown, what: string) => void;
  /** Called after a summary was queued (wakes the deliverer). */
  onQueued?: () => void;
}

export interface DailySummaryScheduler {
  /** Schedules the next run (then one a day). */
  start(): void;
  stop(): void;
  /** Builds and queues the summary of the local day before `nowMs` (what the timer does). */
  runAt(nowMs: number): Promise<DailySummary>;
  /** When the next run is due, epoch ms; null when stopped. */
  nextRunAt(): number | null;
}

export async function buildDailySummary(nowMs: number, figures: DailySummaryFigures, channels: readonly string[]): Promise<DailySummary> {
  const { day, fromMs, toMs } = previousLocalDay(nowMs);
  const [incidents, tickets, waiting] = await Promise.all([figures.incidents(fromMs, toMs), figures.tickets(fromMs, toMs), figures.waiting()]);
  return {
    kind: 'daily-summary',
    id: `daily-summary/${day}`,
    day,
    fromMs,
    toMs,
    at: nowMs,
    incidents: [...incidents].sort((a, b) => a.startedAt - b.startedAt),
    tickets,
    waiting,
    channels: [...channels],
  };
}

export function createDailySummaryScheduler(options: DailySummaryOptions): DailySummaryScheduler {
  let handle: unknown;
  let due: number | null = null;

  async function runAt(nowMs: number): Promise<DailySummary> {
    const summary = await buildDailySummary(nowMs, options.figures, options.channels);
    if (options.channels.length > 0) await options.store.enqueue(summary, options.channels, nowMs);
    options.onQueued?.();
    return summary;
  }

  function schedule(): void {
    const now = options.now();
    due = nextLocalTime(now, options.at);
    handle = options.timers.setTimeout(() => {
      schedule(); // tomorrow's, first: a slow or failing run never skips a day
      void runAt(options.now()).catch((error: unknown) => options.onError(error, 'daily summary'));
    }, due - now);
  }

  return {
    start() {
      if (due === null) schedule();
    },
    stop() {
      due = null;
      if (handle !== undefined) options.timers.clearTimeout(handle);
      handle = undefined;
    },
    runAt,
    nextRunAt: () => due,
  };
}
