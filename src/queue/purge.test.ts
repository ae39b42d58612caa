import { describe, expect, it } from 'vitest';
import { createMemoryTicketStore } from '../store/memory-ticket-store.ts';
import type { QueueEvent } from './events.ts';
import { createPurgeWorker } from './purge.ts';
import { retentionStage } from './retention.ts';
import { identitySubject, manualClock, MONDAY_9AM, noSleep } from './test-support.ts';

const DAY = 86_400_000;
const policy = { resultsDays: 7, outcomeDays: 30 };

describe('retention stage', () => {
  it('is open until the end, then result, outcome and deleted as the periods pass', () => {
    const endedAt = MONDAY_9AM;
    expect(retentionStage({ endedAt: null }, endedAt + 100 * DAY, policy)).toBe('open');
    expect(retentionStage({ endedAt }, endedAt, policy)).toBe('result');
    expect(retentionStage({ endedAt }, endedAt + 7 * DAY - 1, policy)).toBe('result');
    expect(retentionStage({ endedAt }, endedAt + 7 * DAY, policy)).toBe('outcome');
    expect(retentionStage({ endedAt }, endedAt + 30 * DAY - 1, policy)).toBe('outcome');
    expect(retentionStage({ endedAt }, endedAt + 30 * DAY, policy)).toBe('deleted');
  });
});

describe('purge worker', () => {
  it('reduces every due ticket in batches on one tick, reports the counts and waits the interval', async () => {
    const clock = manualClock();
    const store = createMemoryTicketStore();
    for (let i = 0; i < 5; i++) {
      await store.create({
        id: `t-${i}`, client: 'c', idempotencyKey: `k-${i}`, bodyHash: 'h', type: 'citizen-identity', upstream: 'population', communeCode: '21085',
        officerId: '051090001234', purpose: 'p', caseId: null, requestId: `r-${i}`, subject: identitySubject, callbackUrl: null,
        citizenWaiting: false, createdAt: clock.now(), expiresAt: clock.now() + DAY, lease: { owner: 'w', until: clock.now() + 1_000 },
      });
      await store.finish(`t-${i}`, { status: 'completed', result: { match: true }, fetchedAt: clock.now() }, { now: clock.now(), owner: 'w' });
    }
    const events: QueueEvent[] = [];
    const worker = createPurgeWorker({ store, policy, intervalMs: 15 * 60_000, batchSize: 2, now: clock.now, sleep: noSleep, onEvent: (event) => events.push(event) });
    expect(await worker.tick()).toBe(15 * 60_000);
    expect(events).toEqual([]); // nothing due: nothing to report
    clock.advance(7 * DAY);
    expect(await worker.tick()).toBe(15 * 60_000);
    expect(events).toEqual([{ type: 'purge', reduced: 5, deleted: 0, callbacksDeleted: 0, at: clock.now() }]);
    expect((await store.get('t-4'))?.result).toBeNull();
  });
});
