import { describe, expect, it } from 'vitest';
import { checkPersonalId } from './personal-id.ts';

describe('checkPersonalId', () => {
  it('accepts a well-formed ID and reads province, sex and birth year from it', () => {
    expect(checkPersonalId('051190000123', 2026)).toEqual({ ok: true, facts: { provinceCode: '051', sex: 'female', birthYear: 1990 } });
    expect(checkPersonalId('001205000001', 2026)).toEqual({ ok: true, facts: { provinceCode: '001', sex: 'male', birthYear: 2005 } });
  });

  it('refuses anything but exactly 12 digits', () => {
    for (const id of ['05119000012', '0511900001234', '05119000012a', '']) {
      expect(checkPersonalId(id, 2026)).toEqual({ ok: false, rule: 'format' });
    }
  });

  it('refuses a province code that is not on the list', () => {
    expect(checkPersonalId('003190000123', 2026)).toEqual({ ok: false, rule: 'province-code' });
    expect(checkPersonalId('099190000123', 2026)).toEqual({ ok: false, rule: 'province-code' });
  });

  it('refuses century digits for people not yet born and birth years in the future', () => {
    expect(checkPersonalId('051490000123', 2026)).toEqual({ ok: false, rule: 'century-digit' });
    expect(checkPersonalId('051230000123', 2026)).toEqual({ ok: false, rule: 'birth-year' });
  });

  it('checks the birth year against a given full or partial birth date', () => {
    expect(checkPersonalId('051190000123', 2026, '1990-03-15').ok).toBe(true);
    expect(checkPersonalId('051190000123', 2026, '1990').ok).toBe(true);
    expect(checkPersonalId('051190000123', 2026, '1991-03-15')).toEqual({ ok: false, rule: 'birth-date-mismatch' });
  });
});
