// Date arithmetic and the two date formats the upstreams use; all in UTC calendar days, no clock.
import type { PartialDate } from './types.ts';

/** The data set's "today": fixed so the data never changes with the wall clock. */
export const REFERENCE_DATE = '2025-06-30';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

export function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** `yyyy-MM-dd` plus a number of days. */
export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The earlier of two ISO dates, e.g. to keep generated dates before the reference date. */
export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Population format: `dd/MM/yyyy`, `MM/yyyy` or `yyyy` depending on what is known. */
export function populationDate(date: PartialDate): string {
  if (date.month === undefined) return String(date.year);
  if (date.day === undefined) return `${pad(date.month)}/${date.year}`;
  return `${pad(date.day)}/${pad(date.month)}/${date.year}`;
}

/** Civil-status format: ISO `yyyy-MM-dd`, `yyyy-MM` or `yyyy`. */
export function registryDate(date: PartialDate): string {
  if (date.month === undefined) return String(date.year);
  if (date.day === undefined) return `${date.year}-${pad(date.month)}`;
  return isoDate(date.year, date.month, date.day);
}

/** `dd/MM/yyyy` from ISO, for free text such as the marital-status basis. */
export function displayDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

export function isFullDate(date: PartialDate): date is Required<PartialDate> {
  return date.month !== undefined && date.day !== undefined;
}
