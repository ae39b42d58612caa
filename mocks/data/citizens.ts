// The whole synthetic population: the contract household, ~95 random households per commune, marriages
// between grown-up children of different households, and a few people reported missing.
import { COMMUNES } from './communes.ts';
import { createContractHousehold, FIXED_IDS } from './contract-household.ts';
import { createHousehold } from './households.ts';
import { createIdAllocator } from './personal-id.ts';
import type { IdAllocator } from './personal-id.ts';
import type { Random } from './random.ts';
import type { Citizen, Couple } from './types.ts';

export interface Population {
  citizens: Citizen[];
  couples: Couple[];
  ids: IdAllocator;
}

const HOUSEHOLDS_PER_COMMUNE = 95;
const MISSING_COUNT = 6;

/** Grown-up children who have not married yet, the pool for marriages between households. */
function singleAdults(citizens: readonly Citizen[], married: ReadonlySet<string>): Citizen[] {
  return citizens.filter((person) => person.relationToHead === 'Con' && person.status === 'alive'
    && person.birthDate.year <= 2001 && !married.has(person.personalId) && !FIXED_IDS.has(person.personalId));
}

/** Pairs some single adult sons with single adult daughters of other households; a fifth later divorced. */
function pairAdults(random: Random, citizens: readonly Citizen[], couples: Couple[]): void {
  const married = new Set(couples.flatMap((couple) => [couple.husbandId, couple.wifeId]));
  const singles = singleAdults(citizens, married);
  const women = singles.filter((person) => person.sex === 'female');
  for (const man of singles.filter((person) => person.sex === 'male')) {
    if (!random.chance(0.45)) continue;
    const index = women.findIndex((woman) => woman.householdHeadId !== man.householdHeadId
      && Math.abs(woman.birthDate.year - man.birthDate.year) <= 6);
    if (index < 0) continue;
    const [woman] = women.splice(index, 1) as [Citizen];
    const year = Math.min(Math.max(man.birthDate.year + 20, woman.birthDate.year + 18) + random.int(0, 5), 2025);
    couples.push({
      husbandId: man.personalId,
      wifeId: woman.personalId,
      year,
      communeCode: woman.permanentAddress.communeCode,
      divorced: random.chance(0.2),
    });
  }
}

/** A few single adults are reported missing (MAT_TICH), e.g. fishermen lost at sea. */
function markMissing(random: Random, citizens: readonly Citizen[], couples: readonly Couple[]): void {
  const married = new Set(couples.flatMap((couple) => [couple.husbandId, couple.wifeId]));
  const pool = singleAdults(citizens, married);
  for (let count = 0; count < MISSING_COUNT && pool.length > 0; count += 1) {
    const [person] = pool.splice(random.int(0, pool.length - 1), 1) as [Citizen];
    person.status = 'missing';
  }
}

export function createPopulation(random: Random): Population {
  const ids = createIdAllocator(random);
  const contract = createContractHousehold(ids);
  const citizens: Citizen[] = [...contract.members];
  const couples: Couple[] = [...contract.couples];
  for (const commune of COMMUNES) {
    for (let index = 0; index < HOUSEHOLDS_PER_COMMUNE; index += 1) {
      const household = createHousehold(random, ids, commune);
      citizens.push(...household.members);
      couples.push(...household.couples);
    }
  }
  pairAdults(random, citizens, couples);
  markMissing(random, citizens, couples);
  return { citizens, couples, ids };
}
