// Typed events of the queue, for health, metrics and logs. They carry ids and codes only: never a subject,
// a result or a callback body.
import type { UpstreamName } from '../domain/errors.ts';

export type QueueEvent =
  | { type: 'ticket-queued'; upstream: UpstreamName; ticketId: string; communeCode: string; at: number }
  | { type: 'ticket-retry'; upstream: UpstreamName; ticketId: string; attempts: number; delayMs: number; errorCode: string; at: number }
  | { type: 'ticket-ended'; upstream: UpstreamName; ticketId: string; communeCode: string; status: 'completed' | 'failed' | 'expired'; code: string | null; attempts: number; waitedMs: number; at: number }
  | { type: 'drainer-error'; upstream: UpstreamName; message: string; at: number }
  | { type: 'delivery'; outboxId: string; ticketId: string; attempt: number; httpStatus: number | null; outcome: 'delivered' | 'retry' | 'gone' | 'abandoned'; at: number }
  | { type: 'delivery-error'; message: string; at: number };

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
