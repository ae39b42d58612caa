// Calendar arithmetic on Vietnam clocks (Asia/Ho_Chi_Minh, via Intl), for the daily summary. Pure.
import { localParts } from './render/time.ts';

const DAY_MS = 86_400_000;

/** Offset of Vietnam clocks from UTC at an instant, ms (+7 h; read from Intl rather than assumed). */
function offsetMs(ms: number): number {
  const p = localParts(ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / 60_000) * 60_000;
}

/** The instant local midnight starts the given local date. */
function localMidnight(year: number, month: number, day: number): number {
  const guess = Date.UTC(year, month - 1, day);
  return guess - offsetMs(guess);
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The next instant, strictly after `nowMs`, at which Vietnam clocks read `hhmm` (`HH:MM`). */
export function nextLocalTime(nowMs: number, hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  const today = localParts(nowMs);
  const todayAt = localMidnight(today.year, today.month, today.day) + (hours * 60 + minutes) * 60_000;
  if (todayAt > nowMs) return todayAt;
  const tomorrow = localParts(todayAt + DAY_MS);
  return localMidnight(tomorrow.year, tomorrow.month, tomorrow.day) + (hours * 60 + minutes) * 60_000;
}

/** The local day an instant falls in, `YYYY-MM-DD`. */
export function localDayOf(ms: number): string {
  const p = localParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The local day before the one `nowMs` falls in: `YYYY-MM-DD` and its bounds [fromMs, toMs). */
export function previousLocalDay(nowMs: number): { day: string; fromMs: number; toMs: number } {
  const today = localParts(nowMs);
  const toMs = localMidnight(today.year, today.month, today.day);
  const before = localParts(toMs - 1);
  return { day: `${before.year}-${pad(before.month)}-${pad(before.day)}`, fromMs: localMidnight(before.year, before.month, before.day), toMs };
}
