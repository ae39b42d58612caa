// Acquiring a credential (token, login): its own timeout and a short retry, apart from the caller's policies.
import { GatewayError, TransientError } from '../domain/errors.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { Sleep } from './options.ts';

export interface AcquireRetryOptions {
  upstream: UpstreamName;
  /** What is being acquired, for messages ('token', 'login'). */
  what: string;
  sleep: Sleep;
  /** Delay before each retry, ms; its length is the number of retries. Default [100, 300]. */
  retryDelaysMs?: readonly number[] | undefined;
  /** Budget for all attempts together, ms. Default 5000. */
  timeoutMs?: number | undefined;
  /** Ends the attempts early (the caller that needed the credential has left). */
  signal?: AbortSignal | undefined;
}

/**
 * Runs `attempt` until it succeeds, retrying only TransientErrors after each delay. The shared acquisition has
 * its own signal (no single caller may cancel it for the others); running out of time is a TransientError.
 */
export async function acquireWithRetry<T>(attempt: (signal: AbortSignal) => Promise<T>, options: AcquireRetryOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const delaysMs = options.retryDelaysMs ?? [100, 300];
  const budget = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([budget, options.signal]) : budget;
  try {
    for (let retry = 0; ; retry += 1) {
      try {
        return await attempt(signal);
      } catch (error) {
        const delayMs = delaysMs[retry];
        if (!(error instanceof TransientError) || delayMs === undefined) throw error;
        await options.sleep(delayMs, signal);
      }
    }
  } catch (error) {
    if (error instanceof GatewayError || !signal.aborted) throw error;
    const why = budget.aborted ? `within ${timeoutMs} ms` : 'before the caller that needed it left';
    throw new TransientError(`${options.upstream} ${options.what} did not complete ${why}`, {
      upstream: options.upstream,
      cause: error,
    });
  }
}
