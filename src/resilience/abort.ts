// Turns an aborted caller signal into the error a policy rejects with.

import { TimeoutError, isGatewayError } from '../domain/errors.ts';

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
