// Test helpers for the resilience policies (used by the *.test.ts files beside them, not exported by index.ts).

import type { ResilienceEvent } from './events.ts';
import type { CallContext, CallOutcome } from './types.ts';

/** A blank outcome, as the pipeline starts every call with. */
export function blankOutcome(): CallOutcome {
  return { freshness: 'fresh', fetchedAt: 0, ageSeconds: 0, cacheStatus: '', retries: 0, sharedFlight: false };
}

/** A call context with a live signal and a deadline 3 s after `Date.now()`, overridable field by field. */
export function makeContext(overrides: Partial<CallContext> = {}): CallContext {
  return {
    operation: 'lookupThing',
    key: 'lookupThing:1',
    signal: new AbortController().signal,
    deadlineAt: Date.now() + 3000,
    bypassCache: false,
    attempt: 0,
    outcome: blankOutcome(),
    ...overrides,
  };
}

/** Collects events so a test can assert on them. */
export function recordEvents(): { events: ResilienceEvent[]; onEvent: (event: ResilienceEvent) => void } {
  const events: ResilienceEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

