// Land parcels owned by the synthetic households: a residential plot each plus some farmland, most with a
// land-use-right certificate, some mortgaged or disputed. Includes the contract parcel 21085/12/345.
import { communeByCode, placeText } from './communes.ts';
import { CONTRACT_HEAD_ID } from './contract-household.ts';
import { daysInMonth, isoDate } from './dates.ts';
import type { Random } from './random.ts';
import type { Certificate, Citizen, LandUse, Parcel } from './types.ts';

const SERIES = ['BA', 'BB', 'BD', 'BE', 'BG', 'BH', 'BK', 'BL', 'BM', 'BN', 'BP', 'BS', 'BT', 'BX', 'CA', 'CB',
  'CD', 'CE', 'CH', 'CK', 'CL', 'CM', 'CN', 'CP', 'CS', 'CT', 'CU', 'CV', 'CX', 'CY', 'DA', 'DB', 'DC', 'DD'];
const FIELDS = ['Đồng Bàu Sen', 'Gò Cao', 'Đồng Trước', 'Rộc Giữa', 'Eo Mít', 'Suối Đá'];
/** Area range in m² per land use. */
const AREA: Record<LandUse, readonly [number, number]> = {
  ONT: [100, 450], ODT: [60, 250], LUC: [300, 2500], CLN: [500, 6000], BHK: [200, 1800], NTS: [200, 1200],
};

export const CONTRACT_PARCEL = { communeCode: '21085', mapSheet: '12', parcelNumber: '345' } as const;
export const CONTRACT_CERTIFICATE = 'DA 123456';

export const parcelKey = (communeCode: string, mapSheet: string, parcelNumber: string): string =>
  `${communeCode}/${Number(mapSheet)}/${Number(parcelNumber)}`;

function createFactory(random: Random) {
  const keys = new Set<string>([parcelKey(CONTRACT_PARCEL.communeCode, CONTRACT_PARCEL.mapSheet, CONTRACT_PARCEL.parcelNumber)]);
  const serials = new Set<string>([CONTRACT_CERTIFICATE]);
  let registry = 1234;

  const certificate = (): Certificate => {
    let serial: string;
    do serial = `${random.pick(SERIES)} ${String(random.int(0, 999_999)).padStart(6, '0')}`; while (serials.has(serial));
    serials.add(serial);
    registry += random.int(1, 40);
    const year = random.int(2003, 2024);
    const month = random.int(1, 12);
    return { serial, registryNumber: `CS${String(registry % 100_000).padStart(5, '0')}`,
      issuedOn: isoDate(year, month, random.int(1, daysInMonth(year, month))) };
  };

  return (head: Citizen, owners: readonly Citizen[], landUse: LandUse): Parcel => {
    const communeCode = head.permanentAddress.communeCode;
    let mapSheet: string;
    let parcelNumber: string;
    do {
      mapSheet = String(random.int(1, 60));
      parcelNumber = String(random.int(1, 999));
    } while (keys.has(parcelKey(communeCode, mapSheet, parcelNumber)));
    keys.add(parcelKey(communeCode, mapSheet, parcelNumber));
    const [min, max] = AREA[landUse];
    const residential = landUse === 'ONT' || landUse === 'ODT';
    const village = head.permanentAddress.detail.split(', ')[0];
    const commune = communeByCode(communeCode);
    const address = residential ? head.permanentAddress.detail
      : `Xứ ${random.pick(FIELDS)}, ${commune ? placeText(commune, village) : head.permanentAddress.detail}`;
    const cert = random.chance(0.75) ? certificate() : null;
    return {
      communeCode, mapSheet, parcelNumber, landUse, address,
      areaM2: (random.int(min * 10, max * 10) / 10).toFixed(1),
      ownerIds: owners.map((owner) => owner.personalId),
      certificate: cert,
      mortgaged: cert !== null && random.chance(0.12),
      disputed: random.chance(0.03),
    };
  };
}

/** Parcels of every living household head; `spouses` maps a head to the spouse who may co-own. */
export function createParcels(random: Random, heads: readonly Citizen[], spouses: ReadonlyMap<string, Citizen>): Parcel[] {
  const parcel = createFactory(random);
  const parcels: Parcel[] = [];
  for (const head of heads) {
    const spouse = spouses.get(head.personalId);
    const couple = spouse && spouse.status === 'alive' ? [head, spouse] : [head];
    const town = head.permanentAddress.communeCode === '21097';
    if (head.personalId === CONTRACT_HEAD_ID) {
      parcels.push({ ...CONTRACT_PARCEL, areaM2: '250.5', landUse: 'ONT', address: head.permanentAddress.detail,
        ownerIds: couple.map((owner) => owner.personalId), mortgaged: false, disputed: false,
        certificate: { serial: CONTRACT_CERTIFICATE, registryNumber: 'CS01234', issuedOn: '2015-06-20' } });
    } else {
      parcels.push(parcel(head, random.chance(0.5) ? couple : [head], town ? 'ODT' : 'ONT'));
    }
    const farmland = town ? random.int(0, 1) : random.weighted([[0, 1], [1, 4], [2, 3], [3, 1]]);
    for (let index = 0; index < farmland; index += 1) {
      const use = random.weighted<LandUse>([['LUC', 4], ['CLN', 3], ['BHK', 2], ['NTS', 1]]);
      parcels.push(parcel(head, random.chance(0.3) ? couple : [head], use));
    }
  }
  return parcels;
}
