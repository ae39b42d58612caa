// Times and durations as operators read them: wall-clock time in Asia/Ho_Chi_Minh (Intl), durations in words.
import { formatDuration as durationIn, TIME_ZONE } from '../../health/page/format.ts';
import { TEXTS } from '../../health/page/texts.ts';
import type { Language } from './words.ts';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Year, month, day, hour and minute of an instant on the clocks of Vietnam. */
export function localParts(ms: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const found = Object.fromEntries(parts.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  return { year: Number(found['year']), month: Number(found['month']), day: Number(found['day']), hour: Number(found['hour']), minute: Number(found['minute']) };
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `14:32 ngày 05/03/2025` / `14:32 on 5 Mar 2025`. */
export function formatTime(ms: number, language: Language): string {
  const { year, month, day, hour, minute } = localParts(ms);
  return language === 'vi'
    ? `${pad(hour)}:${pad(minute)} ngày ${pad(day)}/${pad(month)}/${year}`
    : `${pad(hour)}:${pad(minute)} on ${day} ${MONTHS_EN[month - 1]} ${year}`;
}

/** `14:32` only. */
export function formatClock(ms: number): string {
  const { hour, minute } = localParts(ms);
  return `${pad(hour)}:${pad(minute)}`;
}

/** `05/03/2025` / `5 Mar 2025`. */
export function formatDate(ms: number, language: Language): string {
  const { year, month, day } = localParts(ms);
  return language === 'vi' ? `${pad(day)}/${pad(month)}/${year}` : `${day} ${MONTHS_EN[month - 1]} ${year}`;
}

/** `1 giờ 5 phút`, `45 giây`, `2 ngày 3 giờ` / `1 h 5 min`, `45 s`, `2 d 3 h`: the two largest units. */
export function formatDuration(ms: number, language: Language): string {
  return durationIn(ms, TEXTS[language].duration);
}
