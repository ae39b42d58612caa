// The retention job: at start and then every `intervalMs`, moves ended tickets on through their retention stages
// (src/queue/retention.ts) in batches, so personal data does not outlive what the client still needs.
import { safeQueueListener, type QueueListener } from './events.ts';
import { purgeCutoffs, type RetentionPolicy } from './retention.ts';
import type { PurgeCounts, TicketStore } from './store.ts';
import { createWorkerLoop, workerOf, type Worker } from './worker-loop.ts';

export interface PurgeWorkerOptions {
  store: Pick<TicketStore, 'purge'>;
  policy: RetentionPolicy;
  /** Wait between two purges, ms. */
  intervalMs: number;
  /** Tickets reduced or deleted per store call; the event loop gets a turn between calls. Default 500. */
  batchSize?: number;
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  onEvent?: QueueListener;
}

export function createPurgeWorker(options: PurgeWorkerOptions): Worker {
  const emit = safeQueueListener(options.onEvent);
  const batchSize = options.batchSize ?? 500;

  async function tick(): Promise<number> {
    const total: PurgeCounts = { reduced: 0, deleted: 0, callbacksDeleted: 0 };
    for (;;) {
      const counts = await options.store.purge(purgeCutoffs(options.now(), options.policy), batchSize);
      total.reduced += counts.reduced;
      total.deleted += counts.deleted;
      total.callbacksDeleted += counts.callbacksDeleted;
      if (counts.reduced < batchSize && counts.deleted < batchSize) break;
      // node:sqlite blocks while it works: let requests in between batches of a large backlog.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (total.reduced + total.deleted + total.callbacksDeleted > 0) emit({ type: 'purge', ...total, at: options.now() });
    return options.intervalMs;
  }

  const loop = createWorkerLoop({
    tick,
    sleep: options.sleep,
    errorWaitMs: options.intervalMs,
    onError: (error) => emit({ type: 'purge-error', message: (error as Error).message, at: options.now() }),
  });
  return workerOf(loop, tick);
}
