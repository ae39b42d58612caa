// Typed events of the queue, for health, metrics and logs. They carry ids and codes only: never a subject,
// a result or a callback body.
import type { UpstreamName } from '../domain/errors.ts';

export type QueueEvent =
  | { type: 'ticket-queued'; upstream: UpstreamName; ticketId: string; communeCode: string; at: number }
  | { type: 'ticket-retry'; upstream: UpstreamName; ticketId: string; attempts: number; delayMs: number; errorCode: string; at: number }
  | { type: 'ticket-ended'; upstream: UpstreamName; ticketId: string; communeCode: string; status: 'completed' | 'failed' | 'expired'; code: string | null; attempts: number; waitedMs: number; at: number }
  | { type: 'drainer-error'; upstream: UpstreamName; message: string; at: number }
  /** Recording the outcome of an attempt that outlived its 202 failed; the ticket's lease lapses to a drainer. */
  | { type: 'completion-error'; upstream: UpstreamName; ticketId: string; message: string; at: number }
  | { type: 'delivery'; outboxId: string; ticketId: string; attempt: number; httpStatus: number | null; outcome: 'delivered' | 'retry' | 'gone' | 'abandoned'; at: number }
  | { type: 'delivery-error'; message: string; at: number }
  /** The retention job moved tickets on (src/queue/purge.ts); counts only. */
  | { type: 'purge'; reduced: number; deleted: number; callbacksDeleted: number; at: number }
  | { type: 'purge-error'; message: string; at: number };

/** Receives events; must not throw. */
export type QueueListener = (event: QueueEvent) => void;

/** Wraps an optional listener so that a missing or throwing one never breaks the queue. */
export function safeQueueListener(listener: QueueListener | undefined): QueueListener {
  return function emit(event) {
    try {
      listener?.(event);
    } catch {
      // An observer's bug must not stop draining.
    }
  };
}
