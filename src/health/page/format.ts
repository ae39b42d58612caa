// Times in Asia/Ho_Chi_Minh, numbers and durations in the page's language. Intl only (Web APIs).
import type { PageLanguage, PageTexts } from './texts.ts';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const LOCALES: Record<PageLanguage, string> = { vi: 'vi-VN', en: 'en-GB' };

export interface Formatters {
  /** "09:05:07 02/03/2026" style date and time, Hà Nội time. */
  dateTime(ms: number): string;
  /** "09:05" (today's slots, bars). */
  time(ms: number): string;
  /** A share 0..1 as a percentage with up to 2 decimals; "—" when null. */
  percent(share: number | null, digits?: number): string;
  count(value: number): string;
  /** A duration in whole units, at most two of them: "2 giờ 5 phút". */
  duration(ms: number): string;
  /** A latency, "—" when null. */
  ms(value: number | null | undefined): string;
}

export function createFormatters(language: PageLanguage, texts: PageTexts): Formatters {
  const locale = LOCALES[language];
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hour12: false,
  });
  const time = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });
  const counts = new Intl.NumberFormat(locale);
  const percents = (digits: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits });
  return {
    dateTime: (ms) => dateTime.format(ms),
    time: (ms) => time.format(ms),
    percent: (share, digits = 2) => (share === null ? '—' : percents(digits).format(share)),
    count: (value) => counts.format(value),
    duration: (ms) => formatDuration(ms, texts.duration),
    ms: (value) => (value === null || value === undefined ? '—' : `${counts.format(Math.round(value))} ms`),
  };
}

/** A duration in whole units, at most two adjacent ones, the second left out when 0: "2 giờ 5 phút", "1 giờ", "0 giây". */
export function formatDuration(ms: number, units: PageTexts['duration']): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), units.days],
    [Math.floor((seconds % 86_400) / 3_600), units.hours],
    [Math.floor((seconds % 3_600) / 60), units.minutes],
    [seconds % 60, units.seconds],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  if (first === -1) return `0 ${units.seconds}`;
  return parts.slice(first, first + 2).filter(([value]) => value > 0).map(([value, unit]) => `${value} ${unit}`).join(' ');
}

/** ISO 8601 in Hà Nội time with its fixed +07:00 offset (no daylight saving since 1975), e.g. for CSV. */
export function isoInVietnam(ms: number): string {
  return `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}
