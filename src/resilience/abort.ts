// Turns an aborted signal, or a caller leaving a call, into the error a policy rejects with.

import { ClientDeadlineError, TimeoutError, isGatewayError } from '../domain/errors.ts';
import type { CallContext } from './types.ts';

/**
 * The error for a call whose signal aborted: a `TimeoutError` once `deadlineAt` (epoch ms) has passed,
 * the signal's reason if it is already a `GatewayError`, otherwise an `AbortError` (caller went away).
 */
export function abortError(signal: AbortSignal, deadlineAt: number, nowMs: number): Error {
  const reason: unknown = signal.reason;
  if (isGatewayError(reason)) return reason;
  if (nowMs >= deadlineAt) return new TimeoutError('The call deadline passed', { cause: reason });
  if (reason instanceof Error) return reason;
  return new DOMException('The caller aborted the call', 'AbortError');
}

/** What a caller leaving a shared call knows of itself. */
export type LeavingCaller = Pick<CallContext, 'operation' | 'signal' | 'deadlineAt' | 'upstreamDeadlineAt'>;

/**
 * The error for a caller that leaves a call before the answer, because its own deadline passed (`deadlinePassed`)
 * or its signal aborted: a `ClientDeadlineError` when that was the caller's own doing (a deadline earlier than the
 * upstream's, or hanging up), a `TimeoutError` when the upstream's own deadline passed, or the abort's reason if
 * it is already a `GatewayError`.
 */
export function callerLeftError(ctx: LeavingCaller, nowMs: number, deadlinePassed: boolean): Error {
  const reason: unknown = ctx.signal.aborted ? ctx.signal.reason : undefined;
  if (isGatewayError(reason)) return reason;
  const context = { operation: ctx.operation };
  if (deadlinePassed || nowMs >= ctx.deadlineAt) {
    if (ctx.deadlineAt < (ctx.upstreamDeadlineAt ?? ctx.deadlineAt)) {
      return new ClientDeadlineError("The caller's own deadline passed before the answer", { context: { ...context, reason: 'deadline' }, cause: reason });
    }
    return new TimeoutError('The call deadline passed', { context, cause: reason });
  }
  return new ClientDeadlineError('The caller went away before the answer', { context: { ...context, reason: 'aborted' }, cause: reason });
}
