import { describe, expect, it } from 'vitest';
import { createRetryBudget } from './retry-budget.ts';

describe('retry budget', () => {
  it('lets a quiet upstream retry minRetriesPerWindow times', () => {
    const budget = createRetryBudget({ now: () => 0, minRetriesPerWindow: 3 });
    budget.recordCall();
    expect([1, 2, 3, 4].map(() => budget.tryAcquireRetry())).toEqual([true, true, true, false]);
    expect(budget.snapshot()).toEqual({ calls: 1, retries: 3, allowedRetries: 3, refused: 1 });
  });

  it('allows retries up to ratio × calls + min within the window', () => {
    const budget = createRetryBudget({ now: () => 0, ratio: 0.2, minRetriesPerWindow: 0 });
    for (let i = 0; i < 100; i++) budget.recordCall();
    let granted = 0;
    while (budget.tryAcquireRetry()) granted++;
    expect(granted).toBe(20);
  });

  it('forgets calls and retries once they leave the rolling window', () => {
    let nowMs = 0;
    const budget = createRetryBudget({ now: () => nowMs, windowMs: 10_000, minRetriesPerWindow: 1, ratio: 0 });
    expect(budget.tryAcquireRetry()).toBe(true);
    expect(budget.tryAcquireRetry()).toBe(false);
    nowMs = 9_999;
    expect(budget.tryAcquireRetry()).toBe(false);
    nowMs = 10_000;
    expect(budget.tryAcquireRetry()).toBe(true);
  });
});
