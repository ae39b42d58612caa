// Renders the ground truth in the civil-status registry's wire format (UPSTREAMS.md §2).
import { communeByCode, officeName } from './data/communes.ts';
import { registryDate } from './data/dates.ts';
import type { BirthRecord, Citizen, DeathRecord, MaritalStatus, MarriageRecord, Registration } from './data/types.ts';

type People = ReadonlyMap<string, Citizen>;

function registration(record: Registration) {
  const commune = communeByCode(record.communeCode);
  return {
    soDangKy: record.number,
    quyenSo: record.book,
    ngayDangKy: record.date,
    noiDangKy: { maXa: record.communeCode, ten: commune ? officeName(commune) : `UBND mã ${record.communeCode}` },
  };
}

function personRef(people: People, id: string | null): { hoVaTen: string; soDinhDanh: string } | null {
  const person = id ? people.get(id) : undefined;
  return person ? { hoVaTen: person.fullName, soDinhDanh: person.personalId } : null;
}

export function birthWire(record: BirthRecord, people: People) {
  const child = people.get(record.personalId) as Citizen;
  return {
    ...registration(record),
    nguoiDuocKhaiSinh: {
      soDinhDanh: child.personalId,
      hoVaTen: child.fullName,
      ngaySinh: registryDate(child.birthDate),
      gioiTinh: child.sex === 'male' ? 'Nam' : 'Nữ',
      noiSinh: record.placeOfBirth,
    },
    cha: personRef(people, record.fatherId),
    me: personRef(people, record.motherId),
  };
}

export function marriageWire(record: MarriageRecord, people: People) {
  return {
    ...registration(record),
    chong: personRef(people, record.husbandId),
    vo: personRef(people, record.wifeId),
    trangThai: record.divorced ? 'DA_LY_HON' : 'HIEU_LUC',
  };
}

export function deathWire(record: DeathRecord) {
  return { ...registration(record), ngayChet: record.dateOfDeath, noiChet: record.placeOfDeath };
}

export function maritalStatusWire(status: MaritalStatus) {
  return { tinhTrang: status.state, canCu: status.basis };
}

/** `hetHan` as the registry writes it: local Vietnam time with an explicit +07:00 offset. */
export function vietnamTime(epochMs: number): string {
  return `${new Date(epochMs + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}
