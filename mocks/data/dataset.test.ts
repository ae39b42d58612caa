import { describe, expect, it } from 'vitest';
import { createDataset, DEFAULT_SEED } from './dataset.ts';
import type { Dataset } from './dataset.ts';
import { centuryDigit } from './personal-id.ts';

const dataset = createDataset();
const fingerprint = (data: Dataset): string => JSON.stringify({
  citizens: data.citizens,
  births: [...data.civil.births],
  marriages: [...data.civil.marriages],
  deaths: [...data.civil.deaths],
  maritalStatus: [...data.civil.maritalStatus],
  parcels: data.parcels,
  sample: data.sample,
});

describe('synthetic data set', () => {
  it('is identical on every generation with the same seed', () => {
    expect(fingerprint(createDataset(DEFAULT_SEED))).toBe(fingerprint(dataset));
  });

  it('changes with the seed but always keeps the contract citizen', () => {
    const other = createDataset(7);
    expect(fingerprint(other)).not.toBe(fingerprint(dataset));
    expect(other.citizenById.get('051190000123')?.fullName).toBe('NGUYỄN VĂN AN');
  });

  it('has at least 2,000 citizens and 1,000 parcels on provisioned communes', () => {
    expect(dataset.citizens.length).toBeGreaterThanOrEqual(2000);
    expect(dataset.parcels.filter((parcel) => parcel.communeCode !== '21100').length).toBeGreaterThanOrEqual(1000);
    expect(dataset.parcels.some((parcel) => parcel.communeCode === '21100')).toBe(true);
  });

  it('gives every citizen a unique, well-formed ID whose century digit matches sex and birth year', () => {
    expect(new Set(dataset.citizens.map((person) => person.personalId)).size).toBe(dataset.citizens.length);
    const contractIds = new Set(['051190000123', '051165000077']); // the contract's own examples, kept verbatim
    for (const person of dataset.citizens) {
      expect(person.personalId).toMatch(/^(0[0-8]\d|09[0-6])\d{9}$/);
      if (contractIds.has(person.personalId)) continue;
      expect(person.personalId[3]).toBe(String(centuryDigit(person.birthDate.year, person.sex)));
      expect(person.personalId.slice(4, 6)).toBe(String(person.birthDate.year % 100).padStart(2, '0'));
    }
  });

  it('writes names in upper case with full diacritics', () => {
    expect(dataset.citizens.every((person) => person.fullName === person.fullName.toLocaleUpperCase('vi-VN'))).toBe(true);
    expect(dataset.citizens.filter((person) => /[ĐĂÂÊÔƠƯỄỆỘẾỀỦỨ]/.test(person.fullName)).length).toBeGreaterThan(1000);
  });

  it('covers partial birth dates, deaths, disappearances, old ID cards, religions and ethnic groups', () => {
    const { citizens, civil } = dataset;
    expect(citizens.some((person) => person.birthDate.month === undefined)).toBe(true);
    expect(citizens.some((person) => person.birthDate.month !== undefined && person.birthDate.day === undefined)).toBe(true);
    const deceased = citizens.filter((person) => person.status === 'deceased');
    expect(deceased.length).toBeGreaterThan(20);
    expect(deceased.every((person) => civil.deaths.get(person.personalId)?.length === 1)).toBe(true);
    expect(citizens.filter((person) => person.status === 'missing').length).toBeGreaterThan(0);
    expect(citizens.filter((person) => person.oldIdNumber).every((person) => /^\d{9}$/.test(person.oldIdNumber ?? ''))).toBe(true);
    expect(new Set(citizens.map((person) => person.religion))).toEqual(new Set(['Không', 'Phật giáo', 'Công giáo', 'Tin lành', 'Cao đài']));
    expect(new Set(citizens.map((person) => person.ethnicity))).toEqual(new Set(['Kinh', 'Hrê', 'Cor', 'Ca Dong']));
  });

  it('keeps civil records consistent with the population', () => {
    const { citizens, civil } = dataset;
    expect(civil.maritalStatus.size).toBe(citizens.length);
    expect(civil.births.size / citizens.length).toBeGreaterThan(0.75);
    const states = new Set([...civil.maritalStatus.values()].map((status) => status.state));
    expect(states).toEqual(new Set(['CHUA_KET_HON', 'DANG_CO_VO_CHONG', 'DA_LY_HON', 'GOA']));
    for (const [id, records] of civil.marriages) {
      for (const record of records) expect([record.husbandId, record.wifeId]).toContain(id);
    }
    expect([...civil.marriages.values()].flat().some((record) => record.divorced)).toBe(true);
  });

  it('gives parcels well-formed keys, certificates and owners who are citizens', () => {
    for (const parcel of dataset.parcels) {
      expect(parcel.mapSheet).toMatch(/^\d+$/);
      expect(parcel.parcelNumber).toMatch(/^\d+$/);
      expect(parcel.areaM2).toMatch(/^\d+\.\d$/);
      expect(['ONT', 'ODT', 'LUC', 'CLN', 'BHK', 'NTS']).toContain(parcel.landUse);
      expect(parcel.ownerIds.length).toBeGreaterThanOrEqual(1);
      expect(parcel.ownerIds.length).toBeLessThanOrEqual(2);
      for (const owner of parcel.ownerIds) expect(dataset.citizenById.has(owner)).toBe(true);
      if (parcel.certificate) {
        expect(parcel.certificate.serial).toMatch(/^[A-Z]{2} \d{6}$/);
        expect(parcel.certificate.registryNumber).toMatch(/^CS\d{5}$/);
      }
    }
    expect(dataset.parcels.some((parcel) => parcel.mortgaged)).toBe(true);
    expect(dataset.parcels.some((parcel) => parcel.disputed)).toBe(true);
    expect(dataset.parcelByCertificate.get('DA 123456')).toMatchObject({ communeCode: '21085', mapSheet: '12', parcelNumber: '345' });
  });

  it('publishes a sample whose identifiers all resolve the way they claim', () => {
    const { sample, citizenById, civil, parcelByKey } = dataset;
    expect(sample.citizens[0]).toBe('051190000123');
    for (const detail of sample.citizenDetails) {
      expect(citizenById.get(detail.personalId)?.status).toBe('alive');
      expect(detail.dateOfBirth).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    }
    expect(citizenById.get(sample.deceased)?.status).toBe('deceased');
    expect(citizenById.get(sample.missing)?.status).toBe('missing');
    expect(citizenById.get(sample.partialBirthDate)?.birthDate.day).toBeUndefined();
    expect(citizenById.has(sample.unknownPersonalId)).toBe(false);
    expect(sample.unknownPersonalId).toMatch(/^051\d{9}$/);
    expect(civil.maritalStatus.get(sample.married)?.state).toBe('DANG_CO_VO_CHONG');
    expect(civil.maritalStatus.get(sample.divorced)?.state).toBe('DA_LY_HON');
    const key = (ref: { communeCode: string; mapSheet: string; parcelNumber: string }) => `${ref.communeCode}/${ref.mapSheet}/${ref.parcelNumber}`;
    for (const ref of sample.parcels) expect(parcelByKey.has(key(ref))).toBe(true);
    expect(parcelByKey.get(key(sample.mortgagedParcel))?.mortgaged).toBe(true);
    expect(sample.unprovisionedParcel.communeCode).toBe('21100');
    expect(sample.communes).toEqual(['21085', '21088', '21091', '21094', '21097', '21100']);
  });
});
