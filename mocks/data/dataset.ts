// Builds (and caches per seed) the whole synthetic data set the three simulators share.
import { createCivilRecords } from './civil-records.ts';
import type { CivilRecords } from './civil-records.ts';
import { createPopulation } from './citizens.ts';
import { createParcels, parcelKey } from './parcels.ts';
import { createRandom } from './random.ts';
import { createSample } from './sample.ts';
import type { Sample } from './sample.ts';
import type { Citizen, Parcel } from './types.ts';

/** The seed the simulators use unless told otherwise. */
export const DEFAULT_SEED = 20_250_630;

export interface Dataset {
  seed: number;
  citizens: readonly Citizen[];
  citizenById: ReadonlyMap<string, Citizen>;
  civil: CivilRecords;
  parcels: readonly Parcel[];
  /** Keyed by `parcelKey(communeCode, mapSheet, parcelNumber)`. */
  parcelByKey: ReadonlyMap<string, Parcel>;
  parcelByCertificate: ReadonlyMap<string, Parcel>;
  sample: Sample;
}

/** Deterministic: the same seed gives an identical data set. Separate streams keep the parts independent. */
export function createDataset(seed: number = DEFAULT_SEED): Dataset {
  const population = createPopulation(createRandom(seed));
  const { citizens, couples } = population;
  const civil = createCivilRecords(createRandom(seed ^ 0x5bd1e995), citizens, couples);
  const citizenById = new Map(citizens.map((person) => [person.personalId, person]));
  const spouses = new Map<string, Citizen>();
  for (const couple of couples.filter((each) => !each.divorced)) {
    const husband = citizenById.get(couple.husbandId);
    const wife = citizenById.get(couple.wifeId);
    if (husband?.relationToHead === 'Chủ hộ' && wife) spouses.set(husband.personalId, wife);
    if (wife?.relationToHead === 'Chủ hộ' && husband) spouses.set(wife.personalId, husband);
  }
  const heads = citizens.filter((person) => person.relationToHead === 'Chủ hộ');
  const parcels = createParcels(createRandom(seed ^ 0x27d4eb2f), heads, spouses);
  return {
    seed,
    citizens,
    citizenById,
    civil,
    parcels,
    parcelByKey: new Map(parcels.map((parcel) => [parcelKey(parcel.communeCode, parcel.mapSheet, parcel.parcelNumber), parcel])),
    parcelByCertificate: new Map(parcels.flatMap((parcel) => parcel.certificate ? [[parcel.certificate.serial, parcel] as const] : [])),
    sample: createSample(citizens, civil, parcels),
  };
}

const cache = new Map<number, Dataset>();

/** The data set for a seed, built once per process: three simulators with one seed share one copy. */
export function getDataset(seed: number = DEFAULT_SEED): Dataset {
  let dataset = cache.get(seed);
  if (!dataset) {
    dataset = createDataset(seed);
    cache.set(seed, dataset);
  }
  return dataset;
}
