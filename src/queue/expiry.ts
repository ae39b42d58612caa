// When an unfinished ticket gives up: by default at the end of the next working day, local time (a commune
// promises an answer by then), or after a fixed time. Pure: the clock is the caller's.

export interface ExpiryOptions {
  /** Fixed lifetime of a ticket, ms; when set, replaces the working-day rule. */
  afterMs?: number | undefined;
  /** Local time's offset from UTC, minutes. Default 420: Asia/Ho_Chi_Minh, which has no daylight saving. */
  utcOffsetMinutes?: number | undefined;
  /** Local time a working day ends, `HH:mm`. Default `17:00`. */
  endOfWorkingDay?: string | undefined;
  /** ISO weekdays that are working days, 1 = Monday … 7 = Sunday. Default Monday to Friday. */
  workingDays?: readonly number[] | undefined;
  /** Local dates (`yyyy-MM-dd`) that are not working days: Tết, national holidays. */
  holidays?: readonly string[] | undefined;
}

const DAY_MS = 86_400_000;

/** Epoch ms at which a ticket created at `createdAt` (epoch ms) expires. */
export function ticketExpiresAt(createdAt: number, options: ExpiryOptions = {}): number {
  if (options.afterMs !== undefined) return createdAt + options.afterMs;
  const offsetMs = (options.utcOffsetMinutes ?? 420) * 60_000;
  const [hours = 17, minutes = 0] = (options.endOfWorkingDay ?? '17:00').split(':').map(Number);
  const workingDays = new Set(options.workingDays ?? [1, 2, 3, 4, 5]);
  const holidays = new Set(options.holidays ?? []);
  const today = Math.floor((createdAt + offsetMs) / DAY_MS);
  // A year without a single working day would be a configuration error; stop looking after a year anyway.
  for (let day = today + 1; day <= today + 366; day++) {
    const isoWeekday = ((day + 3) % 7) + 1; // day 0 (1970-01-01) was a Thursday
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (workingDays.has(isoWeekday) && !holidays.has(date)) {
      return day * DAY_MS + (hours * 60 + minutes) * 60_000 - offsetMs;
    }
  }
  return createdAt + DAY_MS;
}
