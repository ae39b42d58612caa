import { describe, expect, it } from 'vitest';
import { parseAdminUnits } from '../domain/admin-units.ts';
import { mayReadLandOf } from './land-scope.ts';
import type { ApiClient } from './services.ts';

const catalogue = parseAdminUnits(
  'provinceCode,province,wardCode,ward,wardType\n08,Tỉnh Tuyên Quang,02620,Xã Sơn Thủy,Xã\n08,Tỉnh Tuyên Quang,02611,Xã Khác,Xã\n',
  'legacyProvinceCode,legacyDistrictCode,legacyWardCode,legacyProvince,legacyDistrict,legacyWard,mergedWard,dividedWard,provinceCode,province,wardCode,ward\n' +
    '08,076,02605,Tỉnh Tuyên Quang,Huyện Sơn Dương,Xã Thiện Kế,1,0,08,Tỉnh Tuyên Quang,02620,Xã Sơn Thủy\n',
);
const client = (extra: Partial<ApiClient> = {}): ApiClient => ({ name: 'Xã Sơn Thủy', keySha256: '', communes: ['02620'], mayReadReligion: false, ...extra });

describe('land scope', () => {
  it('holds the key’s own communes by default, and the legacy communes they absorbed', () => {
    expect(mayReadLandOf(client(), '02620', catalogue)).toBe(true);
    expect(mayReadLandOf(client(), '02605', catalogue)).toBe(true);
    expect(mayReadLandOf(client(), '02611', catalogue)).toBe(false);
    expect(mayReadLandOf(client(), '02605')).toBe(false);
  });

  it('is widened by landCommunes: all, or replaced by a list', () => {
    expect(mayReadLandOf(client({ landCommunes: 'all' }), '31150')).toBe(true);
    expect(mayReadLandOf(client({ landCommunes: ['02611'] }), '02611')).toBe(true);
    expect(mayReadLandOf(client({ landCommunes: ['02611'] }), '02620')).toBe(false);
  });
});
