import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryDelayMs } from './backoff.ts';

const options = { baseDelayMs: 100, maxDelayMs: 1000, retryAfterCapMs: 2000 };

describe('backoffDelayMs', () => {
  it('is the jittered share of a ceiling that doubles per attempt', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelayMs(attempt, options, () => 1))).toEqual([100, 200, 400, 800]);
    expect(backoffDelayMs(2, options, () => 0.5)).toBe(200);
  });

  it('never exceeds maxDelayMs and may be zero (full jitter)', () => {
    expect(backoffDelayMs(10, options, () => 1)).toBe(1000);
    expect(backoffDelayMs(3, options, () => 0)).toBe(0);
  });
});

describe('retryDelayMs', () => {
  it('waits at least the upstream Retry-After', () => {
    expect(retryDelayMs(0, 1.5, options, () => 0.5)).toBe(1500);
    expect(retryDelayMs(3, 0.1, options, () => 1)).toBe(800);
  });

  it('does not retry when the upstream asks for more than the cap', () => {
    expect(retryDelayMs(0, 30, options, () => 0.5)).toBeUndefined();
  });

  it('uses the backoff alone without Retry-After', () => {
    expect(retryDelayMs(1, undefined, options, () => 0.25)).toBe(50);
  });
});
