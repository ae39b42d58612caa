// Pure delay arithmetic for the queue: when a failed ticket is tried again, and when a callback is re-sent.

export interface TicketBackoffOptions {
  /** Delay after the first failed attempt, ms; doubles per attempt. */
  baseMs: number;
  /** Longest delay, ms. */
  maxMs: number;
}

/**
 * Delay before the next attempt after `attempts` failed ones (≥ 1), ms: "equal jitter" — half the exponential
 * ceiling fixed, half random — so retries spread out but never come back at once. At least `retryAfterSeconds`.
 */
export function ticketRetryDelayMs(attempts: number, options: TicketBackoffOptions, random: () => number, retryAfterSeconds?: number): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(Math.max(jittered, (retryAfterSeconds ?? 0) * 1000));
}

/** Waits between callback attempts (after attempt 1, 2, …), ms; delivery is abandoned once they run out (~28 h). */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000, 30_000, 120_000, 600_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

/** Longest `Retry-After` a receiver may ask of us, ms (beyond it we use the cap). */
const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * Delay before the next callback attempt after attempt `attempt` (1-based) failed, ms, or undefined when the
 * schedule is exhausted. ±20 % jitter so many receivers recovering together are not hit at once; a receiver's
 * `Retry-After` (seconds) is honoured when it asks for longer.
 */
export function webhookRetryDelayMs(
  attempt: number,
  random: () => number,
  retryAfterSeconds?: number,
  schedule: readonly number[] = WEBHOOK_RETRY_SCHEDULE_MS,
): number | undefined {
  const base = schedule[attempt - 1];
  if (base === undefined) return undefined;
  const jittered = base * (0.8 + 0.4 * random());
  const asked = Math.min(MAX_RETRY_AFTER_MS, (retryAfterSeconds ?? 0) * 1000);
  return Math.round(Math.max(jittered, asked));
}
