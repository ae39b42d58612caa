// The identifiers served at GET /__sim/sample, so docs, tests and people trying the gateway find data to ask for.
import { COMMUNES, UNPROVISIONED_COMMUNE } from './communes.ts';
import { CONTRACT_CITIZEN_ID, CONTRACT_HEAD_ID } from './contract-household.ts';
import { isFullDate, populationDate } from './dates.ts';
import { buildPersonalId } from './personal-id.ts';
import { CONTRACT_CERTIFICATE } from './parcels.ts';
import type { CivilRecords } from './civil-records.ts';
import type { Citizen, Parcel } from './types.ts';

export interface ParcelRef {
  communeCode: string;
  mapSheet: string;
  parcelNumber: string;
}

export interface Sample {
  /** Living citizens with full birth dates, the contract citizen first. */
  citizens: string[];
  /** The same citizens with name and `dd/MM/yyyy` birth date, for verification calls. */
  citizenDetails: { personalId: string; fullName: string; dateOfBirth: string }[];
  deceased: string;
  partialBirthDate: string;
  missing: string;
  /** Well-formed (province 051) but absent from every simulator. */
  unknownPersonalId: string;
  married: string;
  divorced: string;
  parcels: ParcelRef[];
  certificates: string[];
  mortgagedParcel: ParcelRef;
  unprovisionedCommune: string;
  unprovisionedParcel: ParcelRef;
  communes: string[];
}

const ref = (parcel: Parcel): ParcelRef =>
  ({ communeCode: parcel.communeCode, mapSheet: parcel.mapSheet, parcelNumber: parcel.parcelNumber });

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`synthetic data has no ${what}; change the generator`);
  return value;
}

export function createSample(citizens: readonly Citizen[], civil: CivilRecords, parcels: readonly Parcel[]): Sample {
  const byId = new Map(citizens.map((person) => [person.personalId, person]));
  const alive = citizens.filter((person) => person.status === 'alive');
  const otherCommunes = COMMUNES.slice(1, 5).map((commune) => commune.code);
  const showcase = [required(byId.get(CONTRACT_CITIZEN_ID), 'contract citizen'), ...otherCommunes.map((code) =>
    required(alive.find((person) => person.permanentAddress.communeCode === code && isFullDate(person.birthDate)
      && civil.births.has(person.personalId)), `citizen in ${code}`))];
  const provisioned = parcels.filter((parcel) => parcel.communeCode !== UNPROVISIONED_COMMUNE);
  const contractParcel = required(provisioned.find((parcel) => parcel.certificate?.serial === CONTRACT_CERTIFICATE), 'contract parcel');
  const showcaseParcels = [contractParcel, ...otherCommunes.map((code) =>
    required(provisioned.find((parcel) => parcel.communeCode === code), `parcel in ${code}`))];
  let serial = 999_999;
  while (byId.has(buildPersonalId('051', 1985, 'male', serial))) serial -= 1;
  const status = (state: string) => (person: Citizen): boolean => civil.maritalStatus.get(person.personalId)?.state === state;

  return {
    citizens: showcase.map((person) => person.personalId),
    citizenDetails: showcase.map((person) => ({ personalId: person.personalId, fullName: person.fullName,
      dateOfBirth: populationDate(person.birthDate) })),
    deceased: required(citizens.find((person) => person.status === 'deceased'), 'deceased citizen').personalId,
    partialBirthDate: required(alive.find((person) => !isFullDate(person.birthDate)), 'partial birth date').personalId,
    missing: required(citizens.find((person) => person.status === 'missing'), 'missing citizen').personalId,
    unknownPersonalId: buildPersonalId('051', 1985, 'male', serial),
    married: required(alive.find((person) => person.personalId === CONTRACT_HEAD_ID && status('DANG_CO_VO_CHONG')(person)),
      'married contract head').personalId,
    divorced: required(alive.find(status('DA_LY_HON')), 'divorced citizen').personalId,
    parcels: showcaseParcels.map(ref),
    certificates: [CONTRACT_CERTIFICATE, ...provisioned.filter((parcel) => parcel.certificate && parcel !== contractParcel)
      .slice(0, 3).map((parcel) => parcel.certificate?.serial ?? '')],
    mortgagedParcel: ref(required(provisioned.find((parcel) => parcel.mortgaged), 'mortgaged parcel')),
    unprovisionedCommune: UNPROVISIONED_COMMUNE,
    unprovisionedParcel: ref(required(parcels.find((parcel) => parcel.communeCode === UNPROVISIONED_COMMUNE), 'unprovisioned parcel')),
    communes: COMMUNES.map((commune) => commune.code),
  };
}

