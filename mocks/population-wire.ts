// Renders the ground truth in the population database's wire format (UPSTREAMS.md §1).
import { populationDate } from './data/dates.ts';
import type { Citizen, LifeStatus, Place } from './data/types.ts';

const STATUS: Record<LifeStatus, string> = { alive: 'CON_SONG', deceased: 'DA_CHET', missing: 'MAT_TICH' };

const place = (value: Place) => ({ maTinh: value.provinceCode, maXa: value.communeCode, chiTiet: value.detail });

/** The `duLieu` of a lookup, in the contract's key order. */
export function citizenWire(citizen: Citizen, byId: ReadonlyMap<string, Citizen>): Record<string, unknown> {
  const head = citizen.householdHeadId ? byId.get(citizen.householdHeadId) : undefined;
  const wire: Record<string, unknown> = {
    soDinhDanh: citizen.personalId,
    soCMND: citizen.oldIdNumber,
    hoVaTen: citizen.fullName,
    ngaySinh: populationDate(citizen.birthDate),
    gioiTinh: citizen.sex === 'male' ? '1' : '2',
    danToc: citizen.ethnicity,
    tonGiao: citizen.religion,
    quocTich: citizen.nationality,
    queQuan: place(citizen.hometown),
    thuongTru: place(citizen.permanentAddress),
    noiOHienTai: place(citizen.currentAddress),
    chuHo: head ? { soDinhDanh: head.personalId, hoVaTen: head.fullName } : null,
    quanHeVoiChuHo: head ? citizen.relationToHead : null,
    trangThai: STATUS[citizen.status],
  };
  // The contract allows these keys to be absent as well as null; missing people exercise the absent form.
  if (citizen.status === 'missing') {
    delete wire.chuHo;
    delete wire.quanHeVoiChuHo;
  }
  return wire;
}

/** Names compare the way officers type them: case, spacing and Unicode composition do not matter. */
export function sameName(a: string, b: string): boolean {
  const canonical = (value: string): string =>
    value.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi-VN');
  return canonical(a) === canonical(b);
}
