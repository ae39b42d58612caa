// Rules of the 12-digit personal ID (số định danh cá nhân), checked before any upstream call so a typo
// never costs an upstream round trip or counts against its health.

/** Province codes of birth registration (the pre-2025 list of 63 provinces, which IDs keep). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024',
  '025', '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042', '044', '045',
  '046', '048', '049', '051', '052', '054', '056', '058', '060', '062', '064', '066', '067', '068', '070',
  '072', '074', '075', '077', '079', '080', '082', '083', '084', '086', '087', '089', '091', '092', '093',
  '094', '095', '096',
]);

export type Sex = 'male' | 'female';

/** What the ID itself says about its holder. */
export interface PersonalIdFacts {
  provinceCode: string;
  sex: Sex;
  birthYear: number;
}

/** Why an ID is refused; the rule names appear in problem responses. */
export type PersonalIdRule = 'format' | 'province-code' | 'century-digit' | 'birth-year' | 'birth-date-mismatch';

export type PersonalIdCheck = { ok: true; facts: PersonalIdFacts } | { ok: false; rule: PersonalIdRule };

/**
 * Checks an ID's shape, province code and century/sex digit, and (when given) that it agrees with a birth date
 * (`yyyy-MM-dd`, `yyyy-MM` or `yyyy`). `currentYear` is injected so the rule is pure.
 */
export function checkPersonalId(id: string, currentYear: number, dateOfBirth?: string): PersonalIdCheck {
  if (!/^\d{12}$/.test(id)) return { ok: false, rule: 'format' };
  const provinceCode = id.slice(0, 3);
  if (!PROVINCE_CODES.has(provinceCode)) return { ok: false, rule: 'province-code' };
  const centuryDigit = Number(id[3]);
  // 0/1 → 1900s, 2/3 → 2000s, 4/5 → 2100s …; even digits are male, odd female.
  const birthYear = 1900 + Math.floor(centuryDigit / 2) * 100 + Number(id.slice(4, 6));
  // Digits 4-9 stand for people born after 2099; none exist yet.
  if (centuryDigit > 3) return { ok: false, rule: 'century-digit' };
  if (birthYear > currentYear) return { ok: false, rule: 'birth-year' };
  const facts: PersonalIdFacts = { provinceCode, sex: centuryDigit % 2 === 0 ? 'male' : 'female', birthYear };
  if (dateOfBirth !== undefined && Number(dateOfBirth.slice(0, 4)) !== birthYear) {
    return { ok: false, rule: 'birth-date-mismatch' };
  }
  return { ok: true, facts };
}
