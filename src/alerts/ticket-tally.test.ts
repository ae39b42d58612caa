import { describe, expect, it } from 'vitest';
import { createMemoryAlertStore } from './memory-store.ts';
import { manualTimers } from './testing/timers.ts';
import { createTicketTally } from './ticket-tally.ts';

describe('ticket tally', () => {
  it('counts queued and ended tickets per Vietnam day and keeps them in the store', async () => {
    const store = createMemoryAlertStore();
    const timers = manualTimers();
    const tally = createTicketTally({ store, timers, onError: (error) => { throw error; } });
    tally.start();
    const day = Date.UTC(2025, 2, 4, 3); // 10:00 on 4 March in Hà Nội
    tally.record({ type: 'ticket-queued', at: day });
    tally.record({ type: 'ticket-queued', at: day });
    tally.record({ type: 'ticket-ended', status: 'completed', at: day + 60_000 });
    tally.record({ type: 'ticket-ended', status: 'expired', at: day + 60_000 });
    tally.record({ type: 'ticket-retry', at: day });
    tally.record({ type: 'ticket-queued', at: Date.UTC(2025, 2, 4, 17, 30) }); // 00:30 on 5 March
    await tally.stop();
    expect(await store.ticketCounts('2025-03-04')).toEqual({ queued: 2, completed: 1, failed: 0, expired: 1 });
    expect(await store.ticketCounts('2025-03-05')).toEqual({ queued: 1, completed: 0, failed: 0, expired: 0 });
    expect(await tally.counts(Date.UTC(2025, 2, 3, 17))).toEqual({ queued: 2, completed: 1, failed: 0, expired: 1 });
    expect(timers.pending()).toBe(0);
  });
});
