import { describe, expect, it } from 'vitest';
import type { Incident } from '../health/store.ts';
import { createDailySummaryScheduler, type DailySummaryFigures } from './daily-summary.ts';
import { nextLocalTime, previousLocalDay } from './local-day.ts';
import { createMemoryAlertStore } from './memory-store.ts';
import { manualTimers } from './testing/timers.ts';
import type { DailySummary } from './types.ts';

// 2025-03-05 06:00 in Hà Nội is 2025-03-04 23:00 UTC.
const MORNING = Date.UTC(2025, 2, 4, 23, 0);

describe('local days (Asia/Ho_Chi_Minh)', () => {
  it('finds the next time Vietnam clocks show HH:MM, today or tomorrow', () => {
    expect(new Date(nextLocalTime(MORNING, '07:30')).toISOString()).toBe('2025-03-05T00:30:00.000Z');
    expect(new Date(nextLocalTime(MORNING, '05:00')).toISOString()).toBe('2025-03-05T22:00:00.000Z');
    expect(new Date(nextLocalTime(Date.UTC(2025, 2, 5, 0, 30), '07:30')).toISOString()).toBe('2025-03-06T00:30:00.000Z');
  });

  it('names yesterday on Vietnam clocks and gives its bounds', () => {
    expect(previousLocalDay(MORNING)).toEqual({ day: '2025-03-04', fromMs: Date.UTC(2025, 2, 3, 17), toMs: Date.UTC(2025, 2, 4, 17) });
    // 16:30 UTC on 31 Dec is still 31 Dec in Hà Nội until 17:00 UTC.
    expect(previousLocalDay(Date.UTC(2025, 11, 31, 17, 30)).day).toBe('2025-12-31');
    expect(previousLocalDay(Date.UTC(2025, 11, 31, 16, 30)).day).toBe('2025-12-30');
  });
});

describe('daily summary', () => {
  const incident: Incident = {
    id: 'i', upstream: 'land', kind: 'outage', status: 'closed', startedAt: Date.UTC(2025, 2, 4, 3), endedAt: Date.UTC(2025, 2, 4, 4), durationMs: 3_600_000,
    worstState: 'down', causes: [], affectedOperations: [], requestsFailed: 3, requestsServedStale: 0, requestsRejected: 0, ticketsQueued: 2,
    communesAffected: ['21085'], updatedAt: 0,
  };

  it('runs at the configured local time with yesterday\'s figures, once per day even if run again', async () => {
    const timers = manualTimers(MORNING);
    const store = createMemoryAlertStore();
    const asked: Array<[number, number]> = [];
    const figures: DailySummaryFigures = {
      incidents: async (fromMs, toMs) => {
        asked.push([fromMs, toMs]);
        return [incident];
      },
      tickets: async () => ({ queued: 12, completed: 11, failed: 0, expired: 1 }),
      waiting: async () => [{ upstream: 'land', depth: 1, oldestTicketAt: MORNING - 60_000 }],
    };
    let queued = 0;
    let ran: () => void = () => {};
    const firstRun = new Promise<void>((resolve) => { ran = resolve; });
    const scheduler = createDailySummaryScheduler({
      at: '07:30', channels: ['mail'], store, figures, now: timers.now, timers, onError: (error) => { throw error; }, onQueued: () => { queued += 1; ran(); },
    });
    scheduler.start();
    expect(new Date(scheduler.nextRunAt()!).toISOString()).toBe('2025-03-05T00:30:00.000Z');
    timers.advance(90 * 60_000 - 1);
    expect(timers.pending()).toBe(1);
    timers.advance(1);
    await firstRun;
    expect(queued).toBe(1);
    expect(asked).toEqual([[Date.UTC(2025, 2, 3, 17), Date.UTC(2025, 2, 4, 17)]]);
    const [entry] = await store.list();
    const summary = entry!.message as DailySummary;
    expect(summary).toMatchObject({ id: 'daily-summary/2025-03-04', day: '2025-03-04', incidents: [incident], tickets: { queued: 12, completed: 11 } });
    expect(new Date(scheduler.nextRunAt()!).toISOString()).toBe('2025-03-06T00:30:00.000Z');
    await scheduler.runAt(timers.now());
    expect(await store.list()).toHaveLength(1);
    scheduler.stop();
    expect(timers.pending()).toBe(0);
  });
});
