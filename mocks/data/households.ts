// One synthetic household: a head, maybe a spouse, children and elderly parents, with the couples among them.
import { OTHER_HOMETOWNS } from './communes.ts';
import { ETHNICITIES, RELIGIONS } from './names.ts';
import { createPerson, familyNameOf } from './person.ts';
import type { HouseholdContext } from './person.ts';
import type { IdAllocator } from './personal-id.ts';
import type { Random } from './random.ts';
import type { Citizen, Commune, Couple } from './types.ts';

export interface Household {
  members: Citizen[];
  couples: Couple[];
}

const LAST_BIRTH_YEAR = 2024;

function couple(husband: Citizen, wife: Citizen, year: number, communeCode: string): Couple {
  return { husbandId: husband.personalId, wifeId: wife.personalId, year, communeCode, divorced: false };
}

/** Marks someone as dead: the household register drops them, the civil registry keeps a death record. */
function die(person: Citizen): void {
  person.status = 'deceased';
  person.householdHeadId = null;
  person.relationToHead = null;
}

export function createHousehold(random: Random, ids: IdAllocator, commune: Commune): Household {
  const context: HouseholdContext = {
    random,
    ids,
    commune,
    village: random.pick(commune.villages),
    ethnicity: random.weighted(ETHNICITIES),
    religion: random.weighted(RELIGIONS),
    origin: random.chance(0.08) ? random.pick(OTHER_HOMETOWNS) : null,
  };
  const headSex = random.chance(0.82) ? 'male' : 'female';
  const headYear = random.int(1948, 1995);
  const head = createPerson(context, { sex: headSex, year: headYear, relation: 'Chủ hộ', bornElsewhere: true });
  const headId = head.personalId;
  const members: Citizen[] = [head];
  const couples: Couple[] = [];

  let husband: Citizen | null = headSex === 'male' ? head : null;
  let wife: Citizen | null = headSex === 'female' ? head : null;
  let marriageYear = headYear + random.int(20, 28);
  if (random.chance(0.85)) {
    const spouseYear = headSex === 'male' ? headYear + random.int(-2, 6) : headYear - random.int(-2, 6);
    const spouse = createPerson(context, {
      sex: headSex === 'male' ? 'female' : 'male',
      year: spouseYear,
      relation: headSex === 'male' ? 'Vợ' : 'Chồng',
      headId,
    });
    members.push(spouse);
    if (headSex === 'male') wife = spouse;
    else husband = spouse;
    marriageYear = Math.min(Math.max(headYear, spouseYear) + random.int(19, 26), LAST_BIRTH_YEAR);
    couples.push(couple(husband as Citizen, wife as Citizen, marriageYear, commune.code));
    if (spouseYear < 1970 && random.chance(0.06)) die(spouse);
  }

  const childCount = husband && wife ? random.weighted([[0, 1], [1, 3], [2, 5], [3, 3], [4, 1]]) : random.int(0, 2);
  for (let index = 0; index < childCount; index += 1) {
    const year = Math.min(marriageYear + 1 + random.int(0, 14), LAST_BIRTH_YEAR);
    members.push(createPerson(context, {
      sex: random.chance(0.51) ? 'male' : 'female',
      year,
      relation: 'Con',
      familyName: familyNameOf(husband ?? head),
      headId,
      fatherId: husband?.personalId ?? null,
      motherId: wife?.personalId ?? null,
    }));
  }

  if (random.chance(0.22)) {
    const fatherYear = headYear - random.int(22, 35);
    const parents: Citizen[] = [];
    if (random.chance(0.6)) {
      const father = createPerson(context, {
        sex: 'male', year: fatherYear, relation: 'Cha', familyName: familyNameOf(head), headId, bornElsewhere: true,
      });
      head.fatherId = father.personalId;
      parents.push(father);
    }
    if (parents.length === 0 || random.chance(0.7)) {
      const mother = createPerson(context, {
        sex: 'female', year: fatherYear + random.int(0, 5), relation: 'Mẹ', headId, bornElsewhere: true,
      });
      head.motherId = mother.personalId;
      parents.push(mother);
    }
    const [father, mother] = parents;
    if (father && mother) couples.push(couple(father, mother, fatherYear + random.int(20, 25), commune.code));
    for (const parent of parents) if (random.chance(0.55)) die(parent);
    members.push(...parents);
  }
  return { members, couples };
}
