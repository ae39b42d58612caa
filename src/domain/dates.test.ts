import { describe, expect, it } from 'vitest';
import { fromVietnameseDate, toVietnameseDate } from './dates.ts';

describe('Vietnamese dates', () => {
  it('turns full and partial dd/MM/yyyy dates into ISO partial dates', () => {
    expect(fromVietnameseDate('15/03/1990')).toBe('1990-03-15');
    expect(fromVietnameseDate('03/1990')).toBe('1990-03');
    expect(fromVietnameseDate('1990')).toBe('1990');
  });

  it('returns undefined for malformed dates rather than guessing', () => {
    expect(fromVietnameseDate('1990-03-15')).toBeUndefined();
    expect(fromVietnameseDate('32/13/1990')).toBeUndefined();
    expect(fromVietnameseDate('')).toBeUndefined();
  });

  it('writes ISO partial dates back in the upstream form', () => {
    expect(toVietnameseDate('1990-03-15')).toBe('15/03/1990');
    expect(toVietnameseDate('1990-03')).toBe('03/1990');
    expect(toVietnameseDate('1990')).toBe('1990');
  });
});
