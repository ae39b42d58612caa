// How a call or a probe's error counts for health: pure mapping from error codes to classes.
import { isGatewayError } from '../domain/errors.ts';
import type { CallClass, CallSample, ProbeOutcome } from './types.ts';

/** Error codes that are the upstream answering (final): the upstream is alive. */
const FINAL_CODES = new Set(['not-found', 'invalid-input']);
/** Refused by our own policies before reaching the upstream. */
const REJECTED_CODES = new Set(['circuit-open', 'overloaded']);

/** Calls the caller itself cut short (its own Request-Timeout, or hanging up): they say nothing about the upstream. */
const CALLER_CODES = new Set(['client-deadline']);

/**
 * False for a call that ended, or was answered stale, because of the caller's own deadline or abort: it counts for
 * nothing in health (error rate, judgement, incidents, minute buckets).
 */
export function saysAnythingAboutUpstream(sample: Pick<CallSample, 'errorCode'>): boolean {
  return sample.errorCode === undefined || !CALLER_CODES.has(sample.errorCode);
}

/** Classifies one pipeline call. */
export function classifyCall(sample: CallSample): CallClass {
  if (sample.ok) {
    if (sample.freshness === 'cached') return 'cached';
    if (sample.freshness === 'stale') return 'stale';
    return 'success';
  }
  const code = sample.errorCode ?? 'internal';
  if (FINAL_CODES.has(code)) return 'success';
  if (code === 'not-provisioned') return 'not-provisioned';
  if (code === 'unauthorized') return 'login';
  if (REJECTED_CODES.has(code)) return 'rejected';
  return 'failure';
}

/** True when the class reached (or tried to reach) the upstream and so counts in the error rate. */
export function countsInErrorRate(callClass: CallClass): boolean {
  return callClass === 'success' || callClass === 'not-provisioned' || callClass === 'failure' || callClass === 'stale';
}

/** True when the class is the upstream failing a caller (failed outright or answered from stale cache). */
export function isFailureClass(callClass: CallClass): boolean {
  return callClass === 'failure' || callClass === 'stale';
}

/** The probe outcome an error thrown by a probe step stands for; `timedOut` when the probe's own timeout fired. */
export function probeOutcomeOf(error: unknown, timedOut: boolean): { outcome: ProbeOutcome; errorCode: string } {
  if (timedOut) return { outcome: 'timeout', errorCode: 'timeout' };
  const code = isGatewayError(error) ? error.code : 'internal';
  if (FINAL_CODES.has(code)) return { outcome: 'answered-final', errorCode: code };
  if (code === 'not-provisioned') return { outcome: 'not-provisioned', errorCode: code };
  if (code === 'unauthorized') return { outcome: 'cannot-log-in', errorCode: code };
  if (code === 'timeout') return { outcome: 'timeout', errorCode: code };
  return { outcome: 'failed', errorCode: code };
}

/** Whether a probe outcome says the upstream is available (`null`: it cannot tell, e.g. login refused). */
export function probeAvailability(outcome: ProbeOutcome): boolean | null {
  if (outcome === 'cannot-log-in') return null;
  return outcome === 'ok' || outcome === 'answered-final' || outcome === 'not-provisioned';
}
