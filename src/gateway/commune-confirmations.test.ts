import { describe, expect, it } from 'vitest';
import { createCommuneConfirmations } from './commune-confirmations.ts';

describe('commune confirmations', () => {
  it('confirms a commune the upstream answered, for that operation, until the window ends', () => {
    let now = 0;
    const confirmations = createCommuneConfirmations({ windowMs: 1_000, now: () => now });
    expect(confirmations.isConfirmed('lookupCitizen', '21085')).toBe(false);
    confirmations.answered('lookupCitizen', '21085');
    expect(confirmations.isConfirmed('lookupCitizen', '21085')).toBe(true);
    expect(confirmations.isConfirmed('findBirths', '21085')).toBe(false);
    expect(confirmations.isConfirmed('lookupCitizen', '21088')).toBe(false);
    now = 999;
    expect(confirmations.isConfirmed('lookupCitizen', '21085')).toBe(true);
    now = 1_000;
    expect(confirmations.isConfirmed('lookupCitizen', '21085')).toBe(false);
  });

  it('withdraws a confirmation at once when the upstream refuses the commune', () => {
    const confirmations = createCommuneConfirmations({ windowMs: 60_000, now: () => 0 });
    confirmations.answered('lookupCitizen', '21085');
    confirmations.refused('lookupCitizen', '21085');
    expect(confirmations.isConfirmed('lookupCitizen', '21085')).toBe(false);
  });

  it('forgets the oldest commune first when full', () => {
    const confirmations = createCommuneConfirmations({ windowMs: 60_000, now: () => 0, maxEntries: 2 });
    confirmations.answered('op', '1');
    confirmations.answered('op', '2');
    confirmations.answered('op', '1');
    confirmations.answered('op', '3');
    expect([confirmations.isConfirmed('op', '1'), confirmations.isConfirmed('op', '2'), confirmations.isConfirmed('op', '3')]).toEqual([true, false, true]);
  });
});
