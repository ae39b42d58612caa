// Builds one synthetic citizen from a household context; the household generator decides who is related to whom.
import { placeIn } from './communes.ts';
import { daysInMonth } from './dates.ts';
import { FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, upperName } from './names.ts';
import type { IdAllocator } from './personal-id.ts';
import type { Random } from './random.ts';
import type { Citizen, Commune, PartialDate, Place, Sex } from './types.ts';

/** What every member of one household shares. */
export interface HouseholdContext {
  random: Random;
  ids: IdAllocator;
  commune: Commune;
  village: string;
  ethnicity: string;
  religion: string;
  /** Set for households whose head was born in another province. */
  origin: (Place & { idProvince: string }) | null;
}

export interface PersonSpec {
  sex: Sex;
  year: number;
  relation: string;
  familyName?: string;
  headId?: string | null;
  fatherId?: string | null;
  motherId?: string | null;
  bornElsewhere?: boolean;
}

/** Many elderly people only know their birth year, or month and year. */
function birthDate(random: Random, year: number): PartialDate {
  if (year < 1960) {
    const known = random.weighted([['year', 30], ['month', 15], ['full', 55]] as const);
    if (known === 'year') return { year };
    if (known === 'month') return { year, month: random.int(1, 12) };
  }
  const month = random.int(1, 12);
  return { year, month, day: random.int(1, daysInMonth(year, month)) };
}

/** A young adult working in the city: current address differs from the permanent one. */
const CITY_ADDRESS: Place = {
  provinceCode: '79',
  communeCode: '26734',
  detail: 'Số 12 đường Lê Lợi, Phường Bến Nghé, Thành phố Hồ Chí Minh',
};

export function createPerson(context: HouseholdContext, spec: PersonSpec): Citizen {
  const { random, ids, commune, village, origin } = context;
  const familyName = spec.familyName ?? random.weighted(FAMILY_NAMES);
  const fullName = upperName(familyName, random.pick(MIDDLE_NAMES[spec.sex]), random.pick(GIVEN_NAMES[spec.sex]));
  const bornElsewhere = spec.bornElsewhere === true && origin !== null;
  const personalId = ids.personalId(bornElsewhere ? origin.idProvince : '051', spec.year, spec.sex);
  const home = placeIn(commune, village);
  const movedAway = spec.relation === 'Con' && spec.year >= 1995 && spec.year <= 2003 && random.chance(0.06);
  return {
    personalId,
    oldIdNumber: spec.year <= 2003 && random.chance(0.55) ? ids.oldIdNumber() : null,
    fullName,
    sex: spec.sex,
    birthDate: birthDate(random, spec.year),
    ethnicity: context.ethnicity,
    religion: context.religion,
    nationality: 'Việt Nam',
    hometown: origin ? { provinceCode: origin.provinceCode, communeCode: origin.communeCode, detail: origin.detail }
      : placeIn(commune),
    permanentAddress: home,
    currentAddress: movedAway ? CITY_ADDRESS : home,
    householdHeadId: spec.headId ?? personalId,
    relationToHead: spec.relation,
    status: 'alive',
    fatherId: spec.fatherId ?? null,
    motherId: spec.motherId ?? null,
    bornElsewhere,
  };
}

/** The family name part of an upper-case full name, in title case ("NGUYỄN VĂN AN" → "Nguyễn"). */
export function familyNameOf(citizen: Citizen): string {
  const first = citizen.fullName.split(' ')[0] ?? '';
  return first.charAt(0) + first.slice(1).toLocaleLowerCase('vi-VN');
}
