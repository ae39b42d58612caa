import { describe, expect, it } from 'vitest';
import { CitizenSchema } from '../../domain/citizen.ts';
import { InvalidInputError, NotFoundError, NotProvisionedError, TransientError } from '../../domain/errors.ts';
import { classifyResult, mapCitizen, mapIdentityCheck } from './map.ts';
import { CitizenWireSchema } from './wire.ts';
import { citizenDuLieu } from './fixtures.ts';

describe('population mapping', () => {
  it('maps the contract example to the canonical citizen', () => {
    const citizen = mapCitizen(CitizenWireSchema.parse(citizenDuLieu));
    expect(citizen).toEqual({
      personalId: '051190000123',
      legacyIdNumber: '212345678',
      fullName: 'NGUYỄN VĂN AN',
      dateOfBirth: '1990-03-15',
      sex: 'male',
      ethnicity: 'Kinh',
      religion: 'Không',
      nationality: 'Việt Nam',
      hometown: { provinceCode: '51', communeCode: '21085', detail: 'Xã Sơn Thủy, Tỉnh Quảng Ngãi' },
      permanentAddress: { provinceCode: '51', communeCode: '21085', detail: 'Thôn 2, Xã Sơn Thủy, Tỉnh Quảng Ngãi' },
      currentAddress: { provinceCode: '51', communeCode: '21085', detail: 'Thôn 2, Xã Sơn Thủy, Tỉnh Quảng Ngãi' },
      householdHead: { personalId: '051165000077', fullName: 'NGUYỄN VĂN BÌNH' },
      relationshipToHead: 'Con',
      status: 'alive',
    });
    expect(CitizenSchema.safeParse(citizen).success).toBe(true);
  });

  it('turns partial birth dates into ISO partial dates', () => {
    const monthOnly = mapCitizen(CitizenWireSchema.parse({ ...citizenDuLieu, ngaySinh: '03/1990' }));
    const yearOnly = mapCitizen(CitizenWireSchema.parse({ ...citizenDuLieu, ngaySinh: '1990' }));
    expect([monthOnly.dateOfBirth, yearOnly.dateOfBirth]).toEqual(['1990-03', '1990']);
  });

  it('maps sex 2 to female and every life status', () => {
    const statuses = (['CON_SONG', 'DA_CHET', 'MAT_TICH'] as const).map(
      (trangThai) => mapCitizen(CitizenWireSchema.parse({ ...citizenDuLieu, trangThai })).status,
    );
    expect(statuses).toEqual(['alive', 'deceased', 'missing']);
    expect(mapCitizen(CitizenWireSchema.parse({ ...citizenDuLieu, gioiTinh: '2' })).sex).toBe('female');
  });

  it('reads absent or null legacy number, household head and relationship as null', () => {
    const { soCMND: _absent, ...withoutCmnd } = citizenDuLieu;
    const citizen = mapCitizen(CitizenWireSchema.parse({ ...withoutCmnd, chuHo: null, quanHeVoiChuHo: null }));
    expect([citizen.legacyIdNumber, citizen.householdHead, citizen.relationshipToHead]).toEqual([null, null, null]);
  });

  it('leaves religion out when the upstream sends none', () => {
    const citizen = mapCitizen(CitizenWireSchema.parse({ ...citizenDuLieu, tonGiao: null }));
    expect('religion' in citizen).toBe(false);
  });

  it('refuses a birth date in no known form at the wire schema', () => {
    expect(CitizenWireSchema.safeParse({ ...citizenDuLieu, ngaySinh: '1990-03-15' }).success).toBe(false);
  });

  it('fills identity-check fields the upstream does not detail with the overall result', () => {
    expect(mapIdentityCheck({ ketQua: true, chiTiet: { hoVaTen: true, ngaySinh: false } })).toEqual({
      match: true,
      fields: { fullName: true, dateOfBirth: false },
    });
    expect(mapIdentityCheck({ ketQua: false })).toEqual({ match: false, fields: { fullName: false, dateOfBirth: false } });
    expect(mapIdentityCheck({ ketQua: true, chiTiet: { ngaySinh: false } }).fields).toEqual({ fullName: true, dateOfBirth: false });
  });

  it('classifies maKetQua: 00 ok, 04 not found, 05 invalid, 06 not provisioned, 98/99/unknown transient', () => {
    expect(classifyResult('00', 'Thành công', 'tra-cuu')).toBeUndefined();
    expect(classifyResult('04', null, 'tra-cuu')).toBeInstanceOf(NotFoundError);
    expect(classifyResult('05', null, 'tra-cuu')).toBeInstanceOf(InvalidInputError);
    expect(classifyResult('06', null, 'tra-cuu')).toBeInstanceOf(NotProvisionedError);
    for (const code of ['98', '99', '42']) expect(classifyResult(code, null, 'tra-cuu')).toBeInstanceOf(TransientError);
  });

  it('keeps the code and only the length and hash of the description in the error context', () => {
    const error = classifyResult('04', 'Không tìm thấy công dân NGUYỄN VĂN AN, CCCD 051 190 000 123', 'tra-cuu');
    expect(error?.upstream).toBe('population');
    expect(error?.context).toEqual({ operation: 'tra-cuu', maKetQua: '04', moTa: { chars: 59, fnv1a: expect.stringMatching(/^[0-9a-f]{8}$/) } });
    expect(JSON.stringify(error?.context)).not.toMatch(/NGUY|190/);
  });
});
