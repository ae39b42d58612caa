// What to do with a ticket after a failed attempt — pure: end it, or give it back with a later retry time.
import { isGatewayError } from '../domain/errors.ts';
import { ticketRetryDelayMs, type TicketBackoffOptions } from './backoff.ts';
import { failureText } from './failure-text.ts';
import type { Ticket, TicketEnd } from './types.ts';

/** Upstream answers that will not change on a retry: the ticket ends with them. */
const FINAL_CODES = new Set(['not-found', 'invalid-input', 'not-provisioned']);

/** Refusals that never reached the upstream: not an attempt, tried again soon. */
const NOT_ATTEMPTED_CODES = new Set(['circuit-open', 'overloaded']);

export interface RetryPolicy {
  backoff: TicketBackoffOptions;
  /** Upstream attempts after which a ticket fails for good. */
  maxAttempts: number;
  /** Wait before retrying a ticket the pipeline refused without calling the upstream, ms. */
  notAttemptedDelayMs: number;
}

export type AttemptDecision =
  | { kind: 'end'; end: TicketEnd; attempts: number }
  | { kind: 'retry'; attempts: number; nextAttemptAt: number; errorCode: string };

export function decideAfterFailure(error: unknown, ticket: Ticket, now: number, policy: RetryPolicy, random: () => number): AttemptDecision {
  const code = isGatewayError(error) ? error.code : 'transient';
  const retryAfterSeconds = isGatewayError(error) ? error.retryAfterSeconds : undefined;
  if (FINAL_CODES.has(code)) {
    const attempts = ticket.attempts + 1;
    return { kind: 'end', end: { status: 'failed', failure: { code, detail: failureText(code, { ...ticket, attempts }, 'en')! } }, attempts };
  }
  if (NOT_ATTEMPTED_CODES.has(code)) {
    const delayMs = Math.max(policy.notAttemptedDelayMs, (retryAfterSeconds ?? 0) * 1000);
    return expireOr(ticket, now, { kind: 'retry', attempts: ticket.attempts, nextAttemptAt: now + delayMs, errorCode: code });
  }
  const attempts = ticket.attempts + 1;
  if (attempts >= policy.maxAttempts) {
    return {
      kind: 'end',
      end: { status: 'failed', failure: { code: 'attempts-exhausted', detail: failureText('attempts-exhausted', { ...ticket, attempts }, 'en')! } },
      attempts,
    };
  }
  const delayMs = ticketRetryDelayMs(attempts, policy.backoff, random, retryAfterSeconds);
  return expireOr(ticket, now, { kind: 'retry', attempts, nextAttemptAt: now + delayMs, errorCode: code });
}

/** The end of a ticket whose expiry passed before its upstream answered. */
export function expiredEnd(ticket: Ticket): TicketEnd {
  return {
    status: 'expired',
    failure: {
      code: 'expired',
      detail: failureText('expired', ticket, 'en')!,
    },
  };
}

function expireOr(ticket: Ticket, now: number, decision: AttemptDecision & { kind: 'retry' }): AttemptDecision {
  return now >= ticket.expiresAt ? { kind: 'end', end: expiredEnd({ ...ticket, attempts: decision.attempts }), attempts: decision.attempts } : decision;
}
