// Pure backoff arithmetic for the retry policy: no clock, no timers, randomness passed in.

export interface BackoffOptions {
  /** First backoff ceiling, ms; doubles per attempt. */
  baseDelayMs: number;
  /** Upper bound of the backoff ceiling, ms. */
  maxDelayMs: number;
}

export interface RetryDelayOptions extends BackoffOptions {
  /** Longest server-requested wait (`Retry-After`) we are willing to honour, ms. */
  retryAfterCapMs: number;
}

/**
 * Full-jitter exponential backoff (AWS architecture blog): `random() * min(maxDelayMs, baseDelayMs * 2^attempt)`,
 * where `attempt` is the 0-based attempt that just failed. Returns ms.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number): number {
  return random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
}

/**
 * Wait before retrying after `attempt` failed, ms: the jittered backoff, but at least the error's
 * `retryAfterSeconds`. Returns `undefined` (do not retry) when the upstream asks for longer than
 * `retryAfterCapMs`: waiting less would not honour it, and waiting longer would hold the caller too long.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  options: RetryDelayOptions,
  random: () => number,
): number | undefined {
  const jitterMs = backoffDelayMs(attempt, options, random);
  const retryAfterMs = retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  if (retryAfterMs > options.retryAfterCapMs) return undefined;
  return Math.min(Math.max(jitterMs, retryAfterMs), options.retryAfterCapMs);
}
