// Who may see what: a cached answer never reaches a commune the upstream refuses, and land records are scoped per
// client (its own communes unless a wider land scope is granted), end to end against the simulators.
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.ts';
import { sha256Hex } from '../../src/keys/sha256.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { eventually } from '../support/eventually.ts';
import { fetchSample } from '../support/sample.ts';
import { startHealthGateway } from './health-support.ts';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const CITIZEN = '/v1/citizens/051190000123';
/** A commune the population simulator does not permit (it answers maKetQua 06 for it). */
const REFUSED_UNIT = '31150';

/** Adds a client key (its hash in config) and returns the headers that key sends. */
async function withClient(name: string, key: string, extra: Record<string, unknown>): Promise<(config: Config) => void> {
  const keySha256 = await sha256Hex(key);
  return (config) => {
    config.clients.push({ name, keySha256, scopes: [], callbackUrlPrefixes: [], communes: ['21085'], landCommunes: 'own', ...extra } as Config['clients'][number]);
  };
}

function as(g: TestGateway, key: string) {
  return (path: string, extra: Record<string, string> = {}) => g.get(path, { Authorization: `Bearer ${key}`, ...extra });
}

describe('cache scope per commune', () => {
  it('refuses a cached citizen to a commune the population system refuses, as the upstream would', async () => {
    gateway = await startTestGateway(await withClient('Cần Thơ', 'key-can-tho-000000001', { communes: [REFUSED_UNIT] }));
    const refused = as(gateway, 'key-can-tho-000000001');
    // Uncached: the upstream refuses that unit.
    expect((await refused('/v1/citizens/051190000124')).status).toBe(403);
    // Another commune looks the citizen up; the answer is cached.
    expect((await gateway.get(CITIZEN)).status).toBe(200);
    const before = gateway.simulators!.population.stats().requests;
    const answer = await refused(CITIZEN);
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as { type: string }).type).toContain('not-provisioned');
    // The refusal came from the national system itself, which therefore saw (and audited) the request.
    expect(gateway.simulators!.population.stats().requests).toBeGreaterThan(before);
  });

  it('still serves cache hits to a commune the upstream has answered', async () => {
    gateway = await startTestGateway();
    expect((await gateway.get(CITIZEN)).status).toBe(200);
    const hit = await gateway.get(CITIZEN);
    expect(hit.status).toBe(200);
    expect(hit.headers.get('cache-status')).toMatch(/hit/);
  });

  it('never serves a stale answer to a commune the upstream has not answered', async () => {
    gateway = await startTestGateway(await withClient('Cần Thơ', 'key-can-tho-000000001', { communes: [REFUSED_UNIT] }));
    expect((await gateway.get(CITIZEN)).status).toBe(200);
    gateway.simulators!.population.faults.set({ down: true });
    const answer = await as(gateway, 'key-can-tho-000000001')(CITIZEN, { 'Cache-Control': 'no-cache' });
    expect(answer.status).toBe(503);
    // The commune the upstream answered still gets its stale copy.
    expect((await gateway.get(CITIZEN, { 'Cache-Control': 'no-cache' })).status).toBe(200);
  });
});

describe('land scope per client', () => {
  it('refuses a parcel of a commune outside the key’s land scope, cached or not', async () => {
    gateway = await startTestGateway(await withClient('Xã khác', 'key-xa-khac-0000000001', { communes: ['21088'] }));
    const sample = await fetchSample(gateway.simulators!.land.url);
    const parcel = sample.parcels.find((p) => p.communeCode === '21085')!;
    const path = `/v1/land/parcels/${parcel.communeCode}/${parcel.mapSheet}/${parcel.parcelNumber}`;
    const outsider = as(gateway, 'key-xa-khac-0000000001');
    const refused = await outsider(path);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { type: string }).type).toContain('land-out-of-scope');
    expect((await gateway.get(path)).status).toBe(200); // the demo key holds every commune
    expect((await outsider(path)).status).toBe(403);
  });

  it('refuses a certificate whose parcel lies outside the key’s land scope', async () => {
    gateway = await startTestGateway(await withClient('Xã khác', 'key-xa-khac-0000000001', { communes: ['21088'] }));
    const sample = await fetchSample(gateway.simulators!.land.url);
    const path = `/v1/land/certificates/${encodeURIComponent(sample.certificates[0]!)}`;
    const parcel = (await (await gateway.get(path)).json()) as { data: { communeCode: string } };
    expect(parcel.data.communeCode).not.toBe('21088');
    expect((await as(gateway, 'key-xa-khac-0000000001')(path)).status).toBe(403);
  });

  it('lets a key with a province-wide land scope read any commune’s parcel', async () => {
    gateway = await startTestGateway(await withClient('Sở TN&MT', 'key-so-tnmt-0000000001', { communes: ['21088'], landCommunes: 'all' }));
    const sample = await fetchSample(gateway.simulators!.land.url);
    const parcel = sample.parcels.find((p) => p.communeCode === '21085')!;
    const answer = await as(gateway, 'key-so-tnmt-0000000001')(`/v1/land/parcels/${parcel.communeCode}/${parcel.mapSheet}/${parcel.parcelNumber}`);
    expect(answer.status).toBe(200);
  });

  it('refuses a land verification whose parcel lies outside the key’s land scope', async () => {
    gateway = await startTestGateway(await withClient('Xã khác', 'key-xa-khac-0000000001', { communes: ['21088'] }));
    const sample = await fetchSample(gateway.simulators!.land.url);
    const parcel = sample.parcels.find((p) => p.communeCode === '21085')!;
    const answer = await fetch(`${gateway.url}/v1/verifications`, {
      method: 'POST',
      headers: { ...gateway.headers, Authorization: 'Bearer key-xa-khac-0000000001', 'Content-Type': 'application/json', 'Idempotency-Key': 'scope-1' },
      body: JSON.stringify({ type: 'land-parcel', subject: { communeCode: parcel.communeCode, mapSheet: parcel.mapSheet, parcelNumber: parcel.parcelNumber } }),
    });
    expect(answer.status).toBe(403);
  });

  it('records “not provisioned” against the parcel’s commune, not the asking one', async () => {
    const health = await startHealthGateway(await withClient('Sở TN&MT', 'key-so-tnmt-0000000001', { communes: ['21085'], landCommunes: 'all' }));
    gateway = health;
    const sample = await fetchSample(health.simulators!.land.url);
    const { communeCode, mapSheet, parcelNumber } = sample.unprovisionedParcel;
    expect((await as(health, 'key-so-tnmt-0000000001')(`/v1/land/parcels/${communeCode}/${mapSheet}/${parcelNumber}`)).status).toBe(403);
    const landState = async (commune: string) => (await health.status(commune)).checks['land:availability']?.[0]?.state;
    await eventually(async () => (await landState(communeCode)) === 'not-provisioned');
    expect(await landState('21085')).not.toBe('not-provisioned');
    // /v1/status?commune= accepts both schemes: legacy Xã Bình Mỹ (21106) is now part of Xã Bình Chương (21100).
    const stateOf = async (query: string) =>
      ((await (await fetch(`${health.url}/v1/status?${query}`)).json()) as { checks: Record<string, { state: string }[]> }).checks['land:availability']?.[0]?.state;
    expect(communeCode).toBe('21100');
    expect(await stateOf('commune=21106&scheme=legacy')).toBe('not-provisioned');
    expect(await stateOf('commune=21106')).not.toBe('not-provisioned');
  });
});
