// The administrative-unit catalogue: the 2025 communes/wards (34 provinces, no districts) and every legacy
// (63-province) commune with the 2025 unit(s) it became. Pure: built from the two CSV texts, looked up in memory.

/** A commune or ward of the 2025 scheme. */
export interface Unit2025 {
  provinceCode: string;
  province: string;
  communeCode: string;
  name: string;
  /** `Xã`, `Phường` or `Đặc khu`. */
  type: string;
}

/** A commune or ward of the legacy scheme, with the 2025 unit(s) that took it over. */
export interface LegacyUnit {
  provinceCode: string;
  province: string;
  districtCode: string;
  district: string;
  /** Empty for a legacy island district that had no communes (then `name` is the district's). */
  communeCode: string;
  name: string;
  /** The 2025 units that took it over, in the catalogue's order; more than one when the unit was divided. */
  successors: readonly Unit2025[];
}

export type UnitScheme = 'legacy' | '2025';

export interface UnitSearchHit {
  scheme: UnitScheme;
  provinceCode: string;
  province: string;
  communeCode: string;
  name: string;
  /** Legacy units only. */
  district?: string;
}

export interface AdminUnitCatalogue {
  unit2025(communeCode: string): Unit2025 | undefined;
  legacy(communeCode: string): LegacyUnit | undefined;
  /** The legacy units a 2025 unit absorbed, wholly or in part (a divided one is listed under each successor). */
  absorbedBy(communeCode2025: string): readonly LegacyUnit[];
  /**
   * Units whose name (or province, district) contains every word of `query`, ignoring case and diacritics; names
   * that start with the query first, then in Vietnamese alphabetical order. At most `limit` (default 20).
   */
  search(query: string, options?: { scheme?: UnitScheme; limit?: number }): UnitSearchHit[];
  readonly counts: { units2025: number; legacy: number };
}

const UNITS_2025_HEADER = 'provinceCode,province,wardCode,ward,wardType';
const LEGACY_HEADER = 'legacyProvinceCode,legacyDistrictCode,legacyWardCode,legacyProvince,legacyDistrict,legacyWard,mergedWard,dividedWard,provinceCode,province,wardCode,ward';

/** Lowercase, without diacritics (đ → d): "Xã Sơn Thủy" → "xa son thuy". */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** Builds the catalogue; throws with the file's name and line when a row is malformed. */
export function parseAdminUnits(units2025Csv: string, legacyCsv: string, names = { units2025: 'units-2025.csv', legacy: 'legacy-to-2025.csv' }): AdminUnitCatalogue {
  const units = new Map<string, Unit2025>();
  for (const [line, cells] of rows(units2025Csv, UNITS_2025_HEADER, 5, names.units2025)) {
    const [provinceCode, province, communeCode, name, type] = cells as [string, string, string, string, string];
    if (units.has(communeCode)) throw new Error(`${names.units2025}:${line}: commune ${communeCode} is listed twice`);
    units.set(communeCode, { provinceCode, province, communeCode, name, type });
  }
  const legacy = new Map<string, LegacyUnit & { successors: Unit2025[] }>();
  const absorbed = new Map<string, LegacyUnit[]>();
  for (const [line, cells] of rows(legacyCsv, LEGACY_HEADER, 12, names.legacy)) {
    const [provinceCode, districtCode, communeCode, province, district, name, , , , , successorCode] = cells as string[] as [string, string, string, string, string, string, string, string, string, string, string];
    const successor = units.get(successorCode);
    if (!successor) throw new Error(`${names.legacy}:${line}: ${successorCode} is not a 2025 unit of ${names.units2025}`);
    // An island district without communes is listed by its district alone: absorbed, but not looked up by code.
    let unit = communeCode === '' ? undefined : legacy.get(communeCode);
    if (!unit) {
      unit = { provinceCode, province, districtCode, district, communeCode, name: name || district, successors: [] };
      if (communeCode !== '') legacy.set(communeCode, unit);
    }
    unit.successors.push(successor);
    const list = absorbed.get(successorCode) ?? [];
    list.push(unit);
    absorbed.set(successorCode, list);
  }
  // Folding every name takes a noticeable part of a start; the first search pays it instead.
  let index: ReturnType<typeof buildIndex> | undefined;
  return {
    unit2025: (code) => units.get(code),
    legacy: (code) => legacy.get(code),
    absorbedBy: (code) => absorbed.get(code) ?? [],
    search: (query, options = {}) => (index ??= buildIndex(units, legacy))(query, options.scheme, options.limit ?? 20),
    counts: { units2025: units.size, legacy: legacy.size },
  };
}

/** Cells that may be empty: a legacy island district had no communes (ward code and name are empty). */
const MAY_BE_EMPTY: Record<number, ReadonlySet<number>> = { 5: new Set(), 12: new Set([2, 5]) };

function* rows(text: string, header: string, width: number, file: string): Generator<[number, string[]]> {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.replace(/^\uFEFF/, '').trim() !== header) throw new Error(`${file}:1: expected the header ${header}`);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const cells = line.split(',');
    if (cells.length !== width || cells.some((cell, at) => cell === '' && !MAY_BE_EMPTY[width]?.has(at))) {
      throw new Error(`${file}:${i + 1}: expected ${width} non-empty fields`);
    }
    yield [i + 1, cells];
  }
}

interface Entry {
  hit: UnitSearchHit;
  folded: string;
  foldedName: string;
}

function buildIndex(units: ReadonlyMap<string, Unit2025>, legacy: ReadonlyMap<string, LegacyUnit>) {
  const entries: Entry[] = [];
  for (const unit of units.values()) {
    const hit: UnitSearchHit = { scheme: '2025', provinceCode: unit.provinceCode, province: unit.province, communeCode: unit.communeCode, name: unit.name };
    entries.push({ hit, folded: foldVietnamese(`${unit.name} ${unit.province}`), foldedName: foldVietnamese(unit.name) });
  }
  for (const unit of legacy.values()) {
    const hit: UnitSearchHit = { scheme: 'legacy', provinceCode: unit.provinceCode, province: unit.province, communeCode: unit.communeCode, name: unit.name, district: unit.district };
    entries.push({ hit, folded: foldVietnamese(`${unit.name} ${unit.district} ${unit.province}`), foldedName: foldVietnamese(unit.name) });
  }
  const collator = new Intl.Collator('vi');
  return (query: string, scheme: UnitScheme | undefined, limit: number): UnitSearchHit[] => {
    const words = foldVietnamese(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const phrase = words.join(' ');
    // A name starting with the query ("son thuy" → "Xã Sơn Thủy" after its type word) ranks first.
    const rank = (entry: Entry) => (entry.foldedName.replace(/^(xa|phuong|thi tran|dac khu) /, '').startsWith(phrase) ? 0 : 1);
    return entries
      .filter((entry) => (scheme === undefined || entry.hit.scheme === scheme) && words.every((word) => entry.folded.includes(word)))
      .sort((a, b) => rank(a) - rank(b) || collator.compare(a.hit.name, b.hit.name) || (a.hit.scheme === b.hit.scheme ? 0 : a.hit.scheme === '2025' ? -1 : 1))
      .slice(0, limit)
      .map((entry) => entry.hit);
  };
}
