import { describe, expect, it } from 'vitest';
import { hasPersonalText, maskPersonalText } from './personal-text.ts';

describe('masking personal text typed into free-text fields', () => {
  it('masks personal IDs and card numbers whether unbroken, spaced or dotted', () => {
    expect(maskPersonalText('CCCD 051190000123')).toBe('CCCD 051*******23');
    expect(maskPersonalText('CCCD 051 190 000 123 của công dân')).toBe('CCCD 051*******23 của công dân');
    expect(maskPersonalText('CMND 212.345.678')).toBe('CMND 212****78');
    expect(maskPersonalText('req-051190000123-1')).toBe('req-051*******23-1');
  });

  it('masks day-first dates, the way a birth date is written', () => {
    expect(maskPersonalText('sinh ngày 15/03/1990')).toBe('sinh ngày **/**/****');
    expect(maskPersonalText('sinh 5-3-1990 tại')).toBe('sinh *-*-**** tại');
  });

  it('keeps procedure names, legal references, dossier codes and short numbers', () => {
    for (const text of ['dang-ky-khai-sinh', 'Nghị định 123/2015/NĐ-CP', '000.00.21.H51-260115-0001', 'HS-2026-0001', 'xã 21085']) {
      expect(maskPersonalText(text)).toBe(text);
      expect(hasPersonalText(text)).toBe(false);
    }
  });

  it('cuts text to its maximum length before masking', () => {
    expect(maskPersonalText('a'.repeat(300), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});
