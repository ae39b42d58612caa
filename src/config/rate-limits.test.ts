import { describe, expect, it } from 'vitest';
import { RateLimitSchema, RateLimitsSchema } from './rate-limits.ts';

describe('rate-limit configuration', () => {
  it('gives every key bursts of 100 at 20/s and the demo key far more when nothing is set', () => {
    const limits = RateLimitsSchema.parse({});
    expect(limits.default).toEqual({ requestsPerSecond: 20, burst: 100 });
    expect(limits.demoKey).toEqual({ requestsPerSecond: 1_000, burst: 10_000 });
  });

  it('refuses a burst smaller than the rate, naming the key', () => {
    const result = RateLimitSchema.safeParse({ requestsPerSecond: 50, burst: 10 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['burst']);
  });
});
