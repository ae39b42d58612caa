import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldVietnamese, parseAdminUnits } from './admin-units.ts';

const read = (file: string) => readFileSync(`reference/admin-units-2025/${file}`, 'utf8');
const catalogue = parseAdminUnits(read('units-2025.csv'), read('legacy-to-2025.csv'));
const legacyRows = read('legacy-to-2025.csv').trim().split('\n').slice(1).map((line) => line.split(','));

describe('the bundled catalogue', () => {
  it('holds the 3,321 communes of 2025 and the 10,602 legacy rows, every legacy code leading to a 2025 unit', () => {
    expect(catalogue.counts.units2025).toBe(3_321);
    expect(legacyRows).toHaveLength(10_602);
    // Five island districts had no communes: they are rows without a commune code.
    const legacyCodes = new Set(legacyRows.map((row) => row[2]!).filter(Boolean));
    expect(legacyRows.filter((row) => row[2] === '')).toHaveLength(5);
    expect(catalogue.counts.legacy).toBe(legacyCodes.size);
    for (const code of legacyCodes) {
      const unit = catalogue.legacy(code)!;
      expect(unit.successors.length).toBeGreaterThanOrEqual(1);
      for (const successor of unit.successors) expect(catalogue.unit2025(successor.communeCode)).toBe(successor);
    }
  });

  it('lists a divided legacy unit once per successor, and every 2025 unit’s absorbed units point back to it', () => {
    const divided = [...new Set(legacyRows.map((row) => row[2]!).filter(Boolean))].filter((code) => catalogue.legacy(code)!.successors.length > 1);
    expect(divided).toHaveLength(471); // the data's note says 472 codes: it counts the island districts' empty code
    for (const row of legacyRows) expect(catalogue.absorbedBy(row[10]!).map((unit) => unit.communeCode)).toContain(row[2]);
    expect(catalogue.absorbedBy('21548').map((unit) => unit.name)).toContain('Huyện Lý Sơn');
  });

  it('tells an ambiguous code apart by scheme: 02620 was Xã Sơn Nam and is now Xã Sơn Thủy', () => {
    expect(catalogue.legacy('02620')).toMatchObject({ name: 'Xã Sơn Nam', district: 'Huyện Sơn Dương', province: 'Tỉnh Tuyên Quang' });
    expect(catalogue.unit2025('02620')).toMatchObject({ name: 'Xã Sơn Thủy', province: 'Tỉnh Tuyên Quang' });
    expect(catalogue.absorbedBy('02620').map((unit) => unit.name).sort()).toEqual(['Xã Ninh Lai', 'Xã Sơn Nam', 'Xã Thiện Kế']);
  });

  it('finds units by name without diacritics, 2025 first among equals, in Vietnamese order', () => {
    const hits = catalogue.search('son thuy');
    expect(hits[0]).toMatchObject({ scheme: '2025', name: 'Xã Sơn Thủy' });
    const folded = hits.map((hit) => foldVietnamese(`${hit.name} ${hit.district ?? ''} ${hit.province}`));
    expect(folded.every((text) => text.includes('son') && text.includes('thuy'))).toBe(true);
    expect(catalogue.search('thien ke tuyen quang', { scheme: 'legacy' })).toEqual([expect.objectContaining({ communeCode: '02605', name: 'Xã Thiện Kế' })]);
    expect(catalogue.search('   ')).toEqual([]);
  });
});

describe('parsing a province’s own catalogue', () => {
  it('names the file and line of a malformed row or an unknown successor', () => {
    const units = 'provinceCode,province,wardCode,ward,wardType\n08,Tỉnh Tuyên Quang,02620,Xã Sơn Thủy,Xã\n';
    const header = 'legacyProvinceCode,legacyDistrictCode,legacyWardCode,legacyProvince,legacyDistrict,legacyWard,mergedWard,dividedWard,provinceCode,province,wardCode,ward';
    expect(() => parseAdminUnits(units, `${header}\n08,076,02605,T,H,X,1,0,08,T,09999,Y\n`)).toThrow('legacy-to-2025.csv:2: 09999 is not a 2025 unit');
    expect(() => parseAdminUnits(units, `${header}\n08,076,02605\n`)).toThrow('legacy-to-2025.csv:2: expected 12 non-empty fields');
    expect(() => parseAdminUnits('code,name\n', `${header}\n`)).toThrow('units-2025.csv:1: expected the header');
  });
});
