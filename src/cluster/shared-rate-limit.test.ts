import { describe, expect, it } from 'vitest';
import { createMemoryClusterStore } from './memory-store.ts';
import { createSharedRateLimitStore } from './shared-rate-limit.ts';

const POLICY = { requestsPerSecond: 2, burst: 5 };

describe('shared rate limit (several instances)', () => {
  it("gives a key its burst once for the province, however its requests are spread over the instances", async () => {
    let now = Date.parse('2026-12-05T08:00:00Z');
    const cluster = createMemoryClusterStore(() => now);
    const instances = [0, 1, 2].map(() => createSharedRateLimitStore({ store: cluster, onError: () => { throw new Error('unexpected'); } }));
    const decisions = [];
    for (let index = 0; index < 9; index += 1) decisions.push(await instances[index % 3]!.consume('key-a', POLICY));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, true, false, false, false, false]);
    expect(decisions.slice(0, 5).map((decision) => decision.remaining)).toEqual([4, 3, 2, 1, 0]);
    // With none left, the next request is half a second away at 2/s; a refused one is told the same.
    expect(decisions[4]).toMatchObject({ retryAfterMs: 500, fullInMs: 2_500 });
    expect(decisions[5]).toMatchObject({ allowed: false, retryAfterMs: 500 });
    // Another key has its own bucket; and the rate refills the first one for every instance.
    expect((await instances[1]!.consume('key-b', POLICY)).allowed).toBe(true);
    now += 500;
    expect((await instances[2]!.consume('key-a', POLICY)).allowed).toBe(true);
    expect((await instances[0]!.consume('key-a', POLICY)).allowed).toBe(false);
  });

  it('lets a request through, and reports why, when the shared store cannot answer', async () => {
    const errors: unknown[] = [];
    const store = createSharedRateLimitStore({ store: { takeTokens: () => Promise.reject(new Error('connection refused')) }, onError: (error) => errors.push(error) });
    expect((await store.consume('key-a', POLICY)).allowed).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
