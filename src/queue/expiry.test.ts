import { describe, expect, it } from 'vitest';
import { ticketExpiresAt } from './expiry.ts';

/** Epoch ms of a local Hà Nội time (UTC+7). */
const hanoi = (iso: string) => Date.parse(`${iso}+07:00`);

describe('ticket expiry', () => {
  it('ends at 17:00 on the next working day, Hà Nội time', () => {
    expect(ticketExpiresAt(hanoi('2026-03-02T09:00:00'))).toBe(hanoi('2026-03-03T17:00:00')); // Monday → Tuesday
    expect(ticketExpiresAt(hanoi('2026-03-02T23:30:00'))).toBe(hanoi('2026-03-03T17:00:00'));
    expect(ticketExpiresAt(hanoi('2026-03-03T00:30:00'))).toBe(hanoi('2026-03-04T17:00:00')); // already Tuesday locally
  });

  it('skips weekends and configured holidays', () => {
    expect(ticketExpiresAt(hanoi('2026-03-06T15:00:00'))).toBe(hanoi('2026-03-09T17:00:00')); // Friday → Monday
    expect(ticketExpiresAt(hanoi('2026-03-07T10:00:00'))).toBe(hanoi('2026-03-09T17:00:00')); // Saturday → Monday
    expect(ticketExpiresAt(hanoi('2026-04-29T10:00:00'), { holidays: ['2026-04-30', '2026-05-01'] })).toBe(hanoi('2026-05-04T17:00:00'));
  });

  it('honours another end of day, or a fixed lifetime instead', () => {
    expect(ticketExpiresAt(hanoi('2026-03-02T09:00:00'), { endOfWorkingDay: '16:30' })).toBe(hanoi('2026-03-03T16:30:00'));
    expect(ticketExpiresAt(1_000, { afterMs: 5_000 })).toBe(6_000);
  });
});
