// Allocation of unique, well-formed personal IDs (PPP G YY NNNNNN) and old 9-digit identity-card numbers.
import type { Random } from './random.ts';
import type { Sex } from './types.ts';

/** 0/1 for 1900-1999, 2/3 for 2000-2099, …; even digit male, odd female. */
export function centuryDigit(year: number, sex: Sex): number {
  return Math.floor((year - 1900) / 100) * 2 + (sex === 'female' ? 1 : 0);
}

export function buildPersonalId(province: string, year: number, sex: Sex, serial: number): string {
  return `${province}${centuryDigit(year, sex)}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}

export interface IdAllocator {
  /** A fresh ID; serials stay below 900000 so 9xxxxx can serve as "valid but unknown". */
  personalId(province: string, year: number, sex: Sex): string;
  /** A fresh 9-digit CMND starting with 21 (Quảng Ngãi's old prefix). */
  oldIdNumber(): string;
  /** Marks IDs that fixed records already use, so generated ones never collide with them. */
  reserve(...ids: string[]): void;
  has(id: string): boolean;
}

export function createIdAllocator(random: Random): IdAllocator {
  const used = new Set<string>();
  const fresh = (make: () => string): string => {
    for (;;) {
      const id = make();
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  return {
    personalId: (province, year, sex) =>
      fresh(() => buildPersonalId(province, year, sex, random.int(1, 899_999))),
    oldIdNumber: () => fresh(() => `21${String(random.int(0, 9_999_999)).padStart(7, '0')}`),
    reserve: (...ids) => ids.forEach((id) => used.add(id)),
    has: (id) => used.has(id),
  };
}
