// The callback deliverer: takes due messages from the outbox, POSTs them signed, records every attempt, and
// reschedules failures (jittered schedule, Retry-After honoured) until delivered, gone (410) or abandoned.
// It never logs or emits a body: callbacks carry verification results.
import { webhookRetryDelayMs } from './backoff.ts';
import { safeQueueListener, type QueueListener } from './events.ts';
import type { DeliveryUpdate, TicketStore } from './store.ts';
import type { OutboxMessage } from './types.ts';
import { webhookHeaders } from './webhook-signature.ts';
import { parseRetryAfter } from '../domain/retry-after.ts';
import { createWorkerLoop, workerOf, type Worker } from './worker-loop.ts';

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface DeliveryWorkerOptions {
  store: TicketStore;
  fetch: Fetch;
  /** The client's `whsec_…` secret; undefined when it has none (the message is then abandoned). */
  secretFor: (client: string) => string | undefined;
  owner: string;
  /** Deliveries in flight, at most. Default 4. */
  concurrency?: number;
  /** One POST's time limit, ms. Default 10_000. */
  timeoutMs?: number;
  /** Wait between looks at an empty outbox, ms. Default 1000. */
  pollIntervalMs?: number;
  /** Waits after attempt 1, 2, …, ms. Default WEBHOOK_RETRY_SCHEDULE_MS. */
  schedule?: readonly number[];
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  onEvent?: QueueListener;
}

export type DeliveryWorker = Worker;

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { store, now, owner } = options;
  const emit = safeQueueListener(options.onEvent);
  const concurrency = options.concurrency ?? 4;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;

  async function post(message: OutboxMessage, secret: string): Promise<{ httpStatus: number | null; retryAfterSeconds?: number | undefined; error: string | null }> {
    const timestamp = Math.floor(now() / 1000);
    try {
      const response = await options.fetch(message.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'commune-gateway-webhooks/1', ...(await webhookHeaders(secret, message.id, timestamp, message.body)) },
        body: message.body,
        // Never follow a redirect: it could lead anywhere, past the client's allowed callback prefixes.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      return { httpStatus: response.status, retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), now()), error: null };
    } catch (error) {
      const name = (error as Error).name;
      return { httpStatus: null, error: name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${name}: ${(error as Error).message}`.slice(0, 200) };
    }
  }

  async function deliver(message: OutboxMessage): Promise<void> {
    const attempt = message.attempts + 1;
    const startedAt = now();
    const secret = options.secretFor(message.client);
    const result = secret === undefined
      ? { httpStatus: null, error: 'no webhook secret is configured for this client' }
      : await post(message, secret);
    const at = now();
    const status = result.httpStatus;
    let update: DeliveryUpdate;
    if (secret === undefined) update = { status: 'abandoned' };
    else if (status !== null && status >= 200 && status < 300) update = { status: 'delivered' };
    else if (status === 410) update = { status: 'gone' };
    else {
      const delayMs = webhookRetryDelayMs(attempt, options.random, 'retryAfterSeconds' in result ? result.retryAfterSeconds : undefined, options.schedule);
      update = delayMs === undefined ? { status: 'abandoned' } : { status: 'pending', nextAttemptAt: at + delayMs };
    }
    await store.recordDelivery(message.id, owner, { outboxId: message.id, attempt, at, httpStatus: status, error: result.error, durationMs: at - startedAt }, update);
    emit({ type: 'delivery', outboxId: message.id, ticketId: message.ticketId, attempt, httpStatus: status, outcome: update.status === 'pending' ? 'retry' : update.status, at });
  }

  async function tick(): Promise<number> {
    const room = concurrency - loop.running;
    if (room <= 0) return pollIntervalMs;
    // The lease outlives the POST's timeout, so no other deliverer sends the same message meanwhile.
    const messages = await store.claimDeliveries(owner, now(), timeoutMs * 3, room);
    for (const message of messages) {
      loop.track(deliver(message).catch((error: unknown) => emit({ type: 'delivery-error', message: (error as Error).message, at: now() })));
    }
    return messages.length < room ? pollIntervalMs : 0;
  }

  const loop = createWorkerLoop({
    tick,
    sleep: options.sleep,
    errorWaitMs: pollIntervalMs,
    onError: (error) => emit({ type: 'delivery-error', message: (error as Error).message, at: now() }),
  });

  return workerOf(loop, tick);
}

