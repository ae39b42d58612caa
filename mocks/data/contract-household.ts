// The household of the contract example (UPSTREAMS.md): NGUYỄN VĂN AN 051190000123 and his father, the head
// NGUYỄN VĂN BÌNH 051165000077. Fixed by hand so docs and tests can rely on them whatever the seed.
//
// Note: both contract IDs carry century digit 1 (female, 1900s) although the contract says gioiTinh "1"
// (male). They are kept verbatim because the contract fixes them; every generated ID is consistent.
import { COMMUNES, placeIn } from './communes.ts';
import type { Household } from './households.ts';
import type { IdAllocator } from './personal-id.ts';
import type { Citizen, Commune } from './types.ts';

export const CONTRACT_CITIZEN_ID = '051190000123';
export const CONTRACT_HEAD_ID = '051165000077';
const CONTRACT_OLD_IDS = ['212345678', '212104455', '212187301'];

export function createContractHousehold(ids: IdAllocator): Household {
  const commune = COMMUNES[0] as Commune;
  ids.reserve(CONTRACT_CITIZEN_ID, CONTRACT_HEAD_ID, ...CONTRACT_OLD_IDS);
  const home = placeIn(commune, 'Thôn 2');
  const base = {
    ethnicity: 'Kinh', religion: 'Không', nationality: 'Việt Nam', hometown: placeIn(commune),
    permanentAddress: home, currentAddress: home, householdHeadId: CONTRACT_HEAD_ID, status: 'alive',
    bornElsewhere: false,
  } as const;
  const head: Citizen = {
    ...base, personalId: CONTRACT_HEAD_ID, oldIdNumber: '212104455', fullName: 'NGUYỄN VĂN BÌNH', sex: 'male',
    birthDate: { year: 1965, month: 8, day: 12 }, relationToHead: 'Chủ hộ', fatherId: null, motherId: null,
  };
  const wife: Citizen = {
    ...base, personalId: ids.personalId('051', 1968, 'female'), oldIdNumber: '212187301',
    fullName: 'TRẦN THỊ HOA', sex: 'female', birthDate: { year: 1968, month: 2, day: 20 }, relationToHead: 'Vợ',
    fatherId: null, motherId: null,
  };
  const parents = { fatherId: head.personalId, motherId: wife.personalId };
  const son: Citizen = {
    ...base, ...parents, personalId: CONTRACT_CITIZEN_ID, oldIdNumber: '212345678', fullName: 'NGUYỄN VĂN AN',
    sex: 'male', birthDate: { year: 1990, month: 3, day: 15 }, relationToHead: 'Con',
  };
  const daughter: Citizen = {
    ...base, ...parents, personalId: ids.personalId('051', 1994, 'female'), oldIdNumber: null,
    fullName: 'NGUYỄN THỊ LAN', sex: 'female', birthDate: { year: 1994, month: 11, day: 3 }, relationToHead: 'Con',
  };
  return {
    members: [head, wife, son, daughter],
    couples: [{ husbandId: head.personalId, wifeId: wife.personalId, year: 1989, communeCode: commune.code, divorced: false }],
  };
}

/** People whose facts docs and tests quote: never picked for random marriages or disappearances. */
export const FIXED_IDS: ReadonlySet<string> = new Set([CONTRACT_CITIZEN_ID, CONTRACT_HEAD_ID]);
