// The alert deliverer: takes the head of each channel's line from the outbox, sends it through its channel,
// and records the outcome. A channel that is down keeps its messages (in order) and gets them once it is back;
// a message the receiver refuses for good, or one older than the give-up limit, is abandoned and reported.
import type { AlertChannel } from './channels/channel.ts';
import { AlertDeliveryError } from './channels/channel.ts';
import type { AlertStore, OutboxEntry, OutboxUpdate } from './store.ts';
import { createWorkerLoop, workerOf, type Worker } from '../queue/worker-loop.ts';

export type AlertDeliveryEvent =
  | { type: 'delivered' | 'retry' | 'abandoned'; entryId: string; channel: string; attempt: number; error: string | null; nextAttemptAt: number | null; at: number }
  | { type: 'worker-error'; message: string; at: number };

export interface RetrySettings {
  /** First retry delay, ms; doubles per attempt. */
  retryBaseMs: number;
  /** Longest retry delay, ms. */
  retryMaxMs: number;
  /** Abandon a message still undelivered this long after it was queued, ms. */
  giveUpAfterMs: number;
}

export interface AlertDeliveryOptions extends RetrySettings {
  store: AlertStore;
  channels: readonly AlertChannel[];
  /** Lease owner id (unique per process). */
  owner: string;
  /** One send's time limit, ms. */
  timeoutMs: number;
  /** Wait between looks at an idle outbox, ms. */
  pollIntervalMs: number;
  /** Sent and abandoned messages are kept this long (then pruned, hourly), ms. Default 30 days. */
  keepSentMs?: number;
  now: () => number;
  /** Abortable wait; rejects when the signal aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  onEvent?: (event: AlertDeliveryEvent) => void;
}

/** The alert deliverer: each tick starts a send for every channel whose head entry is due. */
export type AlertDeliveryWorker = Worker;

/** Delay before the next attempt after `attempt` failed ones (≥ 1), ms: exponential, half jittered, at least what the receiver asked (capped). */
export function alertRetryDelayMs(attempt: number, settings: Pick<RetrySettings, 'retryBaseMs' | 'retryMaxMs'>, random: () => number, retryAfterSeconds?: number): number {
  const ceiling = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  const asked = Math.min(3_600_000, (retryAfterSeconds ?? 0) * 1000);
  return Math.round(Math.max(ceiling / 2 + random() * (ceiling / 2), asked));
}

/** What to record after one failed attempt. */
export function afterFailure(entry: OutboxEntry, error: unknown, at: number, settings: RetrySettings, random: () => number): OutboxUpdate {
  const classified = error instanceof AlertDeliveryError ? error : undefined;
  const message = (classified?.message ?? (error as Error)?.message ?? String(error)).slice(0, 300);
  if (classified && !classified.retryable) return { status: 'abandoned', at, error: message };
  if (at - entry.createdAt >= settings.giveUpAfterMs) return { status: 'abandoned', at, error: `gave up after ${entry.attempts + 1} attempts: ${message}` };
  return { status: 'pending', at, nextAttemptAt: at + alertRetryDelayMs(entry.attempts + 1, settings, random, classified?.retryAfterSeconds), error: message };
}

export function createAlertDeliveryWorker(options: AlertDeliveryOptions): AlertDeliveryWorker {
  const { store, now, owner } = options;
  const channels = new Map(options.channels.map((channel) => [channel.name, channel]));
  const emit = (event: AlertDeliveryEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // An observer's bug must not stop delivery.
    }
  };
  let prunedAt = Number.NEGATIVE_INFINITY;

  async function send(channel: AlertChannel, entry: OutboxEntry): Promise<void> {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const timedOut = new Promise<never>((_, reject) => signal.addEventListener('abort', () =>
      reject(new AlertDeliveryError(channel.name, `no answer within ${options.timeoutMs} ms`, { retryable: true })), { once: true }));
    timedOut.catch(() => undefined);
    await Promise.race([channel.send(entry.message, signal), timedOut]);
  }

  async function deliver(entry: OutboxEntry): Promise<void> {
    const channel = channels.get(entry.channel);
    let update: OutboxUpdate;
    try {
      if (!channel) throw new AlertDeliveryError(entry.channel, 'no such channel is configured any more', { retryable: false });
      await send(channel, entry);
      update = { status: 'delivered', at: now() };
    } catch (error) {
      update = afterFailure(entry, error, now(), options, options.random);
    }
    await store.settle(entry.id, owner, update);
    emit({
      type: update.status === 'pending' ? 'retry' : update.status,
      entryId: entry.id,
      channel: entry.channel,
      attempt: entry.attempts + 1,
      error: update.status === 'delivered' ? null : update.error,
      nextAttemptAt: update.status === 'pending' ? update.nextAttemptAt : null,
      at: update.at,
    });
  }

  async function tick(): Promise<number> {
    if (now() - prunedAt >= 3_600_000) {
      prunedAt = now();
      await store.prune(prunedAt - (options.keepSentMs ?? 30 * 86_400_000));
    }
    // The lease outlives a send's time limit, so no other worker sends the same message meanwhile.
    const entries = await store.claim(owner, now(), options.timeoutMs * 3);
    for (const entry of entries) {
      loop.track(deliver(entry).catch((error: unknown) => emit({ type: 'worker-error', message: (error as Error).message, at: now() })));
    }
    return options.pollIntervalMs;
  }


  const loop = createWorkerLoop({
    tick,
    sleep: options.sleep,
    errorWaitMs: options.pollIntervalMs,
    onError: (error) => emit({ type: 'worker-error', message: (error as Error).message, at: now() }),
  });

  return workerOf(loop, tick);
}
