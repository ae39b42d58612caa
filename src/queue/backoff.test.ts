import { describe, expect, it } from 'vitest';
import { ticketRetryDelayMs, webhookRetryDelayMs } from './backoff.ts';
import { createTokenBucket } from './token-bucket.ts';

describe('queue backoff', () => {
  it('doubles the ticket retry ceiling per attempt, jitters the upper half, and caps it', () => {
    const options = { baseMs: 1_000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5].map((attempts) => ticketRetryDelayMs(attempts, options, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 5_000]);
    expect(ticketRetryDelayMs(1, options, () => 0.999_999)).toBe(1_000);
    expect(ticketRetryDelayMs(1, options, () => 0, 30)).toBe(30_000);
  });

  it('follows the callback schedule within ±20 % and gives up after its last step', () => {
    expect(webhookRetryDelayMs(1, () => 0)).toBe(4_000);
    expect(webhookRetryDelayMs(1, () => 1)).toBe(6_000);
    expect(webhookRetryDelayMs(2, () => 0.5)).toBe(30_000);
    expect(webhookRetryDelayMs(2, () => 0.5, 600)).toBe(600_000);
    expect(webhookRetryDelayMs(10, () => 0.5)).toBeUndefined();
  });
});

describe('token bucket', () => {
  it('paces takes at the configured rate without building up bursts', () => {
    let now = 0;
    const bucket = createTokenBucket({ ratePerSecond: 4, now: () => now });
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    expect(bucket.msUntilNext()).toBe(250);
    now += 250;
    expect(bucket.available()).toBe(1);
    now += 10_000;
    expect(bucket.available()).toBe(1);
  });
});
