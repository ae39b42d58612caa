// Birth, marriage and death records and the marital status of every citizen, derived from the population so
// the civil registry never contradicts the population database.
import { communeByCode, officeName } from './communes.ts';
import { FIXED_IDS } from './contract-household.ts';
import { addDays, daysInMonth, displayDate, isFullDate, isoDate, minDate, REFERENCE_DATE } from './dates.ts';
import type { Random } from './random.ts';
import type { BirthRecord, Citizen, Couple, DeathRecord, MaritalStatus, MarriageRecord, Registration } from './types.ts';

export interface CivilRecords {
  births: Map<string, BirthRecord[]>;
  marriages: Map<string, MarriageRecord[]>;
  deaths: Map<string, DeathRecord[]>;
  maritalStatus: Map<string, MaritalStatus>;
}

/** Hands out register numbers per commune and year, book "01/<year>". */
function createRegister(): (communeCode: string, date: string) => Registration {
  const counters = new Map<string, number>();
  return (communeCode, date) => {
    const year = date.slice(0, 4);
    const key = `${communeCode}/${year}`;
    const number = (counters.get(key) ?? 0) + 1;
    counters.set(key, number);
    return { number: String(number), book: `01/${year}`, date, communeCode };
  };
}

const randomDay = (random: Random, year: number): string => {
  const month = random.int(1, 12);
  return minDate(isoDate(year, month, random.int(1, daysInMonth(year, month))), REFERENCE_DATE);
};
const office = (communeCode: string): string => {
  const commune = communeByCode(communeCode);
  return commune ? officeName(commune) : `UBND mã ${communeCode}`;
};
const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
  map.set(key, [...(map.get(key) ?? []), value]);
};

function birthRecord(random: Random, register: ReturnType<typeof createRegister>, person: Citizen): BirthRecord {
  const { year, month, day } = person.birthDate as Required<Citizen['birthDate']>;
  const born = isoDate(year, month, day);
  // People born before 1990 were (re-)registered when the books went digital.
  const registered = year >= 1990 ? minDate(addDays(born, random.int(3, 60)), REFERENCE_DATE)
    : randomDay(random, random.int(2010, 2024));
  const commune = person.permanentAddress.communeCode;
  const placeOfBirth = year < 1985 ? person.permanentAddress.detail : random.pick([
    `Trạm Y tế ${office(commune).slice(5)}, Tỉnh Quảng Ngãi`,
    'Bệnh viện Đa khoa tỉnh Quảng Ngãi',
    'Trung tâm Y tế huyện Sơn Tây, Tỉnh Quảng Ngãi',
  ]);
  return { ...register(commune, registered), personalId: person.personalId, placeOfBirth,
    fatherId: person.fatherId, motherId: person.motherId };
}

function deathRecord(random: Random, register: ReturnType<typeof createRegister>, person: Citizen): DeathRecord {
  const earliest = Math.min(Math.max(person.birthDate.year + 45, 2012), 2025);
  const died = minDate(randomDay(random, random.int(earliest, 2025)), addDays(REFERENCE_DATE, -20));
  const placeOfDeath = random.chance(0.7) ? `Tại nhà, ${person.permanentAddress.detail}` : 'Bệnh viện Đa khoa tỉnh Quảng Ngãi';
  return { ...register(person.permanentAddress.communeCode, addDays(died, random.int(1, 14))),
    personalId: person.personalId, dateOfDeath: died, placeOfDeath };
}

function maritalStatus(person: Citizen, records: CivilRecords, byId: ReadonlyMap<string, Citizen>): MaritalStatus {
  const marriages = records.marriages.get(person.personalId) ?? [];
  const spouseOf = (record: MarriageRecord): Citizen | undefined =>
    byId.get(record.husbandId === person.personalId ? record.wifeId : record.husbandId);
  const current = marriages.find((record) => !record.divorced);
  if (current) {
    const spouse = spouseOf(current);
    const death = spouse ? records.deaths.get(spouse.personalId)?.[0] : undefined;
    if (spouse && death) {
      return { state: 'GOA', basis: `${person.sex === 'male' ? 'Vợ' : 'Chồng'} là ${spouse.fullName} đã chết ngày `
        + `${displayDate(death.dateOfDeath)} (trích lục khai tử số ${death.number}, quyển số ${death.book})` };
    }
    return { state: 'DANG_CO_VO_CHONG', basis: `Đã đăng ký kết hôn với ${spouse?.fullName ?? 'không rõ'}, số `
      + `${current.number}, quyển số ${current.book}, ngày ${displayDate(current.date)} tại ${office(current.communeCode)}` };
  }
  const divorced = marriages[0];
  if (divorced) {
    const year = Math.min(Number(divorced.date.slice(0, 4)) + 2 + (Number(divorced.number) % 7), 2025);
    return { state: 'DA_LY_HON', basis: `Đã ly hôn với ${spouseOf(divorced)?.fullName ?? 'không rõ'} theo Quyết định `
      + `số ${divorced.number}/${year}/QĐST-HNGĐ của Tòa án nhân dân huyện Sơn Tây` };
  }
  if (person.relationToHead === 'Cha' || person.relationToHead === 'Mẹ') {
    return { state: 'GOA', basis: `Vợ/chồng đã chết trước khi có cơ sở dữ liệu hộ tịch điện tử (xác nhận của `
      + `${office(person.permanentAddress.communeCode)})` };
  }
  return { state: 'CHUA_KET_HON', basis: 'Chưa đăng ký kết hôn với ai (theo cơ sở dữ liệu hộ tịch điện tử)' };
}

export function createCivilRecords(random: Random, citizens: readonly Citizen[], couples: readonly Couple[]): CivilRecords {
  const register = createRegister();
  const records: CivilRecords = { births: new Map(), marriages: new Map(), deaths: new Map(), maritalStatus: new Map() };
  for (const person of citizens) {
    const registered = FIXED_IDS.has(person.personalId) || random.chance(0.93);
    if (!person.bornElsewhere && isFullDate(person.birthDate) && registered) {
      push(records.births, person.personalId, birthRecord(random, register, person));
    }
    if (person.status === 'deceased') push(records.deaths, person.personalId, deathRecord(random, register, person));
  }
  for (const couple of couples) {
    const record: MarriageRecord = { ...register(couple.communeCode, randomDay(random, couple.year)),
      husbandId: couple.husbandId, wifeId: couple.wifeId, divorced: couple.divorced };
    push(records.marriages, couple.husbandId, record);
    push(records.marriages, couple.wifeId, record);
  }
  const byId = new Map(citizens.map((person) => [person.personalId, person]));
  for (const person of citizens) records.maritalStatus.set(person.personalId, maritalStatus(person, records, byId));
  return records;
}
