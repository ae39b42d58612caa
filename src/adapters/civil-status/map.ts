// Pure mapping of civil-status payloads to canonical records, and of maLoi codes to the error family.
import type { BirthRecord, DeathRecord, MaritalStatus, MarriageRecord } from '../../domain/civil-status.ts';
import { InvalidInputError, NotFoundError, TransientError } from '../../domain/errors.ts';
import type { GatewayError } from '../../domain/errors.ts';
import { fingerprint, upstreamCode } from '../log-safe.ts';
import type { BirthRecordWire, DeathRecordWire, MaritalStatusWire, MarriageRecordWire } from './wire.ts';

type RegistrationWire = Pick<BirthRecordWire, 'soDangKy' | 'quyenSo' | 'ngayDangKy' | 'noiDangKy'>;
type PersonWire = { hoVaTen: string; soDinhDanh?: string | null | undefined };

const SEX = { Nam: 'male', 'Nữ': 'female' } as const;
const MARRIAGE_STATUS = { HIEU_LUC: 'in-effect', DA_LY_HON: 'divorced' } as const;
const MARITAL_STATUS = { CHUA_KET_HON: 'single', DANG_CO_VO_CHONG: 'married', DA_LY_HON: 'divorced', GOA: 'widowed' } as const;

function registration(wire: RegistrationWire): Pick<BirthRecord, 'registrationNumber' | 'book' | 'registeredOn' | 'registeredAt'> {
  return {
    registrationNumber: wire.soDangKy,
    book: wire.quyenSo,
    registeredOn: wire.ngayDangKy,
    registeredAt: { communeCode: wire.noiDangKy.maXa, name: wire.noiDangKy.ten },
  };
}

function person(wire: PersonWire): { personalId: string | null; fullName: string } {
  return { personalId: wire.soDinhDanh || null, fullName: wire.hoVaTen };
}

export function mapBirthRecord(wire: BirthRecordWire): BirthRecord {
  const child = wire.nguoiDuocKhaiSinh;
  return {
    ...registration(wire),
    child: {
      personalId: child.soDinhDanh || null,
      fullName: child.hoVaTen,
      dateOfBirth: child.ngaySinh,
      sex: SEX[child.gioiTinh],
      placeOfBirth: child.noiSinh,
    },
    father: wire.cha ? person(wire.cha) : null,
    mother: wire.me ? person(wire.me) : null,
  };
}

export function mapMarriageRecord(wire: MarriageRecordWire): MarriageRecord {
  return { ...registration(wire), husband: person(wire.chong), wife: person(wire.vo), status: MARRIAGE_STATUS[wire.trangThai] };
}

export function mapDeathRecord(wire: DeathRecordWire): DeathRecord {
  return { ...registration(wire), dateOfDeath: wire.ngayChet, placeOfDeath: wire.noiChet };
}

/** The registry does not echo the ID in the marital-status answer, so the caller passes the one it asked for. */
export function mapMaritalStatus(personalId: string, wire: MaritalStatusWire): MaritalStatus {
  return { personalId, status: MARITAL_STATUS[wire.tinhTrang], basis: wire.canCu ?? '' };
}

/** maLoi → error: HT404 not found, HT422 invalid input (final); HT500, HT503 and anything else transient. */
export function classifyError(maLoi: string, thongBao: string | null | undefined, operation: string): GatewayError {
  // The code and a fingerprint of thongBao, never thongBao itself: upstreams write citizens' details into it.
  const code = upstreamCode(maLoi);
  const options = { upstream: 'civil-status' as const, context: { operation, maLoi: code, thongBao: thongBao ? fingerprint(thongBao) : undefined } };
  switch (maLoi) {
    case 'HT404':
      return new NotFoundError('The civil-status registry has no such record', options);
    case 'HT422':
      return new InvalidInputError('The civil-status registry refused the input as invalid', options);
    default:
      return new TransientError(`The civil-status registry reported an error (${code})`, options);
  }
}
