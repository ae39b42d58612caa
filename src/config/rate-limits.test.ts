import { describe, expect, it } from 'vitest';
import { RateLimitSchema, RateLimitsSchema, rateLimitPolicy } from './rate-limits.ts';

describe('rate-limit configuration', () => {
  it('gives every key 100 requests per 5 s and the demo key far more when nothing is set', () => {
    const limits = RateLimitsSchema.parse({});
    expect(rateLimitPolicy(limits.default)).toEqual({ quota: 100, windowSeconds: 5 });
    expect(rateLimitPolicy(limits.demoKey)).toEqual({ quota: 10_000, windowSeconds: 10 });
  });

  it('turns a rate and a burst into a quota per whole-second window of at least one second', () => {
    expect(rateLimitPolicy({ requestsPerSecond: 3, burst: 10 })).toEqual({ quota: 10, windowSeconds: 3 });
    expect(rateLimitPolicy({ requestsPerSecond: 5, burst: 6 })).toEqual({ quota: 6, windowSeconds: 1 });
  });

  it('refuses a burst smaller than the rate, naming the key', () => {
    const result = RateLimitSchema.safeParse({ requestsPerSecond: 50, burst: 10 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['burst']);
  });
});
