// Uptime history from minute buckets: bars (worst state per slot) and uptime shares. Pure, plus a loader.
import { MINUTE_MS, type HealthStore, type MinuteBucket, type UptimeCounts } from './store.ts';
import { SEVERITY, type HealthState, type UpstreamName } from './types.ts';

export interface UptimeBar {
  /** Start of the slot, epoch ms. */
  fromMs: number;
  /** Worst state in the slot; null when nothing was recorded. */
  state: HealthState | null;
  /** Share of recorded minutes not down (maintenance excluded), 0..1; null when none. */
  uptime: number | null;
}

/** Share of minutes not down, maintenance minutes left out; null when there is nothing to judge. */
export function uptimeShare(counts: UptimeCounts): number | null {
  const judged = counts.operational + counts.degraded + counts.down + counts['not-provisioned'];
  return judged === 0 ? null : 1 - counts.down / judged;
}

/** `count` bars of `barMs` ending at `toMs` (the last one partial), oldest first. */
export function uptimeBars(minutes: readonly MinuteBucket[], toMs: number, barMs: number, count: number): UptimeBar[] {
  const lastStart = Math.floor(toMs / barMs) * barMs;
  const firstStart = lastStart - (count - 1) * barMs;
  const slots = Array.from({ length: count }, (_, i) => ({ counts: { operational: 0, degraded: 0, down: 0, 'not-provisioned': 0, maintenance: 0 } as UptimeCounts, state: null as HealthState | null, fromMs: firstStart + i * barMs }));
  for (const bucket of minutes) {
    const slot = slots[Math.floor((bucket.minute - firstStart) / barMs)];
    if (!slot) continue;
    slot.counts[bucket.state] += 1;
    if (slot.state === null || SEVERITY[bucket.state] > SEVERITY[slot.state]) slot.state = bucket.state;
  }
  return slots.map((slot) => ({ fromMs: slot.fromMs, state: slot.state, uptime: uptimeShare(slot.counts) }));
}

export type UptimePeriod = 'day' | 'week' | 'quarter';

export interface UptimeHistory {
  /** 24 hourly bars, the last one the current hour. */
  bars: UptimeBar[];
  day: number | null;
  week: number | null;
  quarter: number | null;
  /** Minutes per state actually recorded in each period: the shares are over these, not over the period. */
  counts: Record<UptimePeriod, UptimeCounts>;
}

/** Minutes recorded (judged or in maintenance). */
export function observedMinutes(counts: UptimeCounts): number {
  return counts.operational + counts.degraded + counts.down + counts['not-provisioned'] + counts.maintenance;
}

/**
 * The history with the minute in progress (not stored until it ends) counted in its live state, so that the
 * shares never say 100 % while the upstream is down right now.
 */
export function withLiveMinute(history: UptimeHistory, state: HealthState): UptimeHistory {
  const add = (counts: UptimeCounts): UptimeCounts => ({ ...counts, [state]: counts[state] + 1 });
  const counts = { day: add(history.counts.day), week: add(history.counts.week), quarter: add(history.counts.quarter) };
  const last = history.bars.at(-1);
  const bars = last && (last.state === null || SEVERITY[state] > SEVERITY[last.state]) ? [...history.bars.slice(0, -1), { ...last, state }] : history.bars;
  return { bars, counts, day: uptimeShare(counts.day), week: uptimeShare(counts.week), quarter: uptimeShare(counts.quarter) };
}

const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export async function loadUptime(store: HealthStore, upstream: UpstreamName, now: number): Promise<UptimeHistory> {
  const toMs = now + 1;
  const firstBar = Math.floor(now / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
  const [minutes, day, week, quarter] = await Promise.all([
    store.readMinutes(upstream, firstBar, toMs),
    store.countMinutes(upstream, now - DAY_MS, toMs),
    store.countMinutes(upstream, now - 7 * DAY_MS, toMs),
    store.countMinutes(upstream, now - 90 * DAY_MS, toMs),
  ]);
  return {
    bars: uptimeBars(minutes, now, HOUR_MS, 24), day: uptimeShare(day), week: uptimeShare(week), quarter: uptimeShare(quarter),
    counts: { day, week, quarter },
  };
}
