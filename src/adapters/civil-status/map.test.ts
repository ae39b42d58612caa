import { describe, expect, it } from 'vitest';
import { BirthRecordSchema, DeathRecordSchema, MarriageRecordSchema } from '../../domain/civil-status.ts';
import { InvalidInputError, NotFoundError, TransientError } from '../../domain/errors.ts';
import { classifyError, mapBirthRecord, mapDeathRecord, mapMaritalStatus, mapMarriageRecord } from './map.ts';
import { BirthRecordWireSchema, DeathRecordWireSchema, MaritalStatusWireSchema, MarriageRecordWireSchema } from './wire.ts';
import { birthWire, deathWire, marriageWire } from './fixtures.ts';

describe('civil-status mapping', () => {
  it('maps a birth record to the canonical one', () => {
    const record = mapBirthRecord(BirthRecordWireSchema.parse(birthWire));
    expect(record).toEqual({
      registrationNumber: '123',
      book: '01/2020',
      registeredOn: '2020-05-04',
      registeredAt: { communeCode: '21085', name: 'UBND xã Sơn Thủy' },
      child: { personalId: '051220000045', fullName: 'NGUYỄN THỊ MAI', dateOfBirth: '2020-04-30', sex: 'female', placeOfBirth: 'Trạm y tế xã Sơn Thủy' },
      father: { personalId: '051190000123', fullName: 'NGUYỄN VĂN AN' },
      mother: null,
    });
    expect(BirthRecordSchema.safeParse(record).success).toBe(true);
  });

  it("reads 'Nam' as male and 'Nữ' as female whatever the Unicode normalisation", () => {
    const sexOf = (gioiTinh: string) =>
      mapBirthRecord(BirthRecordWireSchema.parse({ ...birthWire, nguoiDuocKhaiSinh: { ...birthWire.nguoiDuocKhaiSinh, gioiTinh } })).child.sex;
    expect([sexOf('Nam'), sexOf('Nữ'), sexOf('Nữ'.normalize('NFD'))]).toEqual(['male', 'female', 'female']);
  });

  it('accepts a child without a personal ID yet and a numeric registration number', () => {
    const wire = { ...birthWire, soDangKy: 123, nguoiDuocKhaiSinh: { ...birthWire.nguoiDuocKhaiSinh, soDinhDanh: null } };
    const record = mapBirthRecord(BirthRecordWireSchema.parse(wire));
    expect([record.registrationNumber, record.child.personalId]).toEqual(['123', null]);
  });

  it('maps a marriage in effect and a divorced one', () => {
    const inEffect = mapMarriageRecord(MarriageRecordWireSchema.parse(marriageWire));
    expect(inEffect).toMatchObject({ husband: { fullName: 'NGUYỄN VĂN AN' }, wife: { personalId: '051192000456' }, status: 'in-effect' });
    expect(MarriageRecordSchema.safeParse(inEffect).success).toBe(true);
    expect(mapMarriageRecord(MarriageRecordWireSchema.parse({ ...marriageWire, trangThai: 'DA_LY_HON' })).status).toBe('divorced');
  });

  it('maps a death record', () => {
    const record = mapDeathRecord(DeathRecordWireSchema.parse(deathWire));
    expect(record).toMatchObject({ registrationNumber: '7', dateOfDeath: '2023-01-30', placeOfDeath: 'Thôn 2, Xã Sơn Thủy' });
    expect(DeathRecordSchema.safeParse(record).success).toBe(true);
  });

  it('maps every marital status and keeps the basis', () => {
    const statuses = (['CHUA_KET_HON', 'DANG_CO_VO_CHONG', 'DA_LY_HON', 'GOA'] as const).map(
      (tinhTrang) => mapMaritalStatus('051190000123', MaritalStatusWireSchema.parse({ tinhTrang, canCu: 'Sổ hộ tịch' })).status,
    );
    expect(statuses).toEqual(['single', 'married', 'divorced', 'widowed']);
    expect(mapMaritalStatus('051190000123', { tinhTrang: 'GOA', canCu: 'Trích lục khai tử' })).toEqual({
      personalId: '051190000123',
      status: 'widowed',
      basis: 'Trích lục khai tử',
    });
  });

  it('classifies maLoi: HT404 not found, HT422 invalid input, HT500/HT503/other transient', () => {
    expect(classifyError('HT404', null, 'khai-sinh')).toBeInstanceOf(NotFoundError);
    expect(classifyError('HT422', null, 'khai-sinh')).toBeInstanceOf(InvalidInputError);
    for (const code of ['HT500', 'HT503', 'HT999']) expect(classifyError(code, null, 'khai-sinh')).toBeInstanceOf(TransientError);
    expect(classifyError('HT404', 'Không có 051190000123', 'ket-hon').context).toEqual({
      operation: 'ket-hon', maLoi: 'HT404', thongBao: { chars: 21, fnv1a: expect.stringMatching(/^[0-9a-f]{8}$/) },
    });
  });

  it('keeps a code that does not read as one out of the context and the message', () => {
    const error = classifyError('Công dân 051 190 000 123', null, 'ket-hon');
    expect(error.context['maLoi']).toMatch(/^\?[0-9a-f]{8}$/);
    expect(error.message).not.toContain('190');
  });
});
