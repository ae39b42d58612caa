// One contract suite for every adapter, run against the real simulators: canonical output that satisfies the
// domain schemas, and the same error classes for the same situations whatever the wire format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEMO_CREDENTIALS, startSimulators, type RunningSimulators } from '../../mocks/index.ts';
import { createAdapters } from '../../src/adapters/index.ts';
import type { Adapters, RequestContext } from '../../src/adapters/contract.ts';
import { CitizenSchema, IdentityCheckSchema } from '../../src/domain/citizen.ts';
import { BirthRecordSchema, DeathRecordSchema, MaritalStatusSchema, MarriageRecordSchema } from '../../src/domain/civil-status.ts';
import { ParcelSchema } from '../../src/domain/land.ts';
import { fetchSample, type Sample } from '../support/sample.ts';

let simulators: RunningSimulators;
let adapters: Adapters;
let sample: Sample;

beforeAll(async () => {
  simulators = await startSimulators({});
  adapters = createAdapters({
    population: { baseUrl: simulators.population.url, ...DEMO_CREDENTIALS.population },
    civilStatus: { baseUrl: simulators.civilStatus.url, ...DEMO_CREDENTIALS.civilStatus },
    land: { baseUrl: simulators.land.url, ...DEMO_CREDENTIALS.land },
    fetchFor: () => globalThis.fetch,
  });
  sample = await fetchSample(simulators.population.url);
});
afterAll(() => simulators?.close());

const request = (): RequestContext => ({
  communeCode: '21085', officerId: '051090001234', purpose: 'kiem-thu', requestId: crypto.randomUUID(), signal: AbortSignal.timeout(5_000),
});

/** Each adapter's operations, described the same way: a call that finds something, one that finds nothing. */
const operations = [
  { name: 'population.lookupCitizen', schema: CitizenSchema, found: () => adapters.population.lookupCitizen(sample.citizens[0]!, request()), missing: () => adapters.population.lookupCitizen(sample.unknownPersonalId, request()) },
  { name: 'civilStatus.findBirths', schema: z.array(BirthRecordSchema), found: () => adapters.civilStatus.findBirths(sample.citizens[0]!, request()), missing: () => adapters.civilStatus.findBirths(sample.unknownPersonalId, request()) },
  { name: 'civilStatus.findMarriages', schema: z.array(MarriageRecordSchema), found: () => adapters.civilStatus.findMarriages(sample.married, request()), missing: () => adapters.civilStatus.findMarriages(sample.unknownPersonalId, request()) },
  { name: 'civilStatus.findDeaths', schema: z.array(DeathRecordSchema), found: () => adapters.civilStatus.findDeaths(sample.deceased, request()), missing: () => adapters.civilStatus.findDeaths(sample.unknownPersonalId, request()) },
  { name: 'civilStatus.maritalStatus', schema: MaritalStatusSchema, found: () => adapters.civilStatus.maritalStatus(sample.married, request()), missing: () => adapters.civilStatus.maritalStatus(sample.unknownPersonalId, request()) },
  { name: 'land.findParcel', schema: ParcelSchema, found: () => adapters.land.findParcel(sample.parcels[0]!, request()), missing: () => adapters.land.findParcel({ communeCode: '21085', mapSheet: '9999', parcelNumber: '99999' }, request()) },
  { name: 'land.findParcelByCertificate', schema: ParcelSchema, found: () => adapters.land.findParcelByCertificate(sample.certificates[0]!, request()), missing: () => adapters.land.findParcelByCertificate('ZZ 999999', request()) },
];

describe.each(operations)('$name', ({ schema, found, missing }) => {
  it('returns a canonical value that satisfies the domain schema', async () => {
    const value = await found();
    expect(schema.safeParse(value).success).toBe(true);
  });

  it('classifies "nothing there" as not-found, never as an upstream failure', async () => {
    await expect(missing()).rejects.toMatchObject({ code: 'not-found', retryable: false });
  });
});

describe('identity verification', () => {
  it('confirms a matching identity and names the field that does not match', async () => {
    const person = sample.citizenDetails[0]!;
    const [day, month, year] = person.dateOfBirth.split('/');
    const dateOfBirth = `${year}-${month}-${day}`;
    const match = await adapters.population.verifyIdentity({ personalId: person.personalId, fullName: person.fullName, dateOfBirth }, request());
    expect(IdentityCheckSchema.parse(match)).toEqual({ match: true, fields: { fullName: true, dateOfBirth: true } });
    const wrongName = await adapters.population.verifyIdentity({ personalId: person.personalId, fullName: 'TRẦN THỊ KHÁC', dateOfBirth }, request());
    expect(wrongName).toMatchObject({ match: false, fields: { fullName: false, dateOfBirth: true } });
  });
});

describe('every adapter', () => {
  it('classifies an outage as transient and retryable', async () => {
    for (const sim of [simulators.population, simulators.civilStatus, simulators.land]) sim.faults.set({ errorRate: 1 });
    try {
      for (const operation of operations) {
        await expect(operation.found(), operation.name).rejects.toMatchObject({ code: 'transient', retryable: true });
      }
    } finally {
      for (const sim of [simulators.population, simulators.civilStatus, simulators.land]) sim.faults.clear();
    }
  });

  it('reports the unprovisioned commune as not-provisioned, not as an outage', async () => {
    await expect(adapters.land.findParcel(sample.unprovisionedParcel, request())).rejects.toMatchObject({ code: 'not-provisioned', retryable: false });
  });

  it('checks credentials without a business call', async () => {
    await expect(adapters.population.checkCredentials(AbortSignal.timeout(5_000))).resolves.toBeUndefined();
    await expect(adapters.civilStatus.checkCredentials(AbortSignal.timeout(5_000))).resolves.toBeUndefined();
    await expect(adapters.land.checkCredentials(AbortSignal.timeout(5_000))).resolves.toBeUndefined();
  });
});
