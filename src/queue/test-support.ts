// Shared by the queue's unit tests: a manual clock, a sleep that never waits, sample requests.
import type { RetryPolicy } from './outcome.ts';

/** 09:00 on Monday 2 March 2026 in Hà Nội. */
export const MONDAY_9AM = Date.UTC(2026, 2, 2, 2, 0, 0);

export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

export function manualClock(start = MONDAY_9AM): ManualClock {
  let at = start;
  return { now: () => at, advance: (ms) => { at += ms; } };
}

/** The drainers' loops are not run in unit tests (tick() is called directly); this sleep is never awaited long. */
export const noSleep = async (): Promise<void> => undefined;

export const retryPolicy: RetryPolicy = { backoff: { baseMs: 1_000, maxMs: 60_000 }, maxAttempts: 3, notAttemptedDelayMs: 500 };

export function sequentialIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
}

export const identitySubject = { personalId: '051190000123', fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1990-03-15' };
