// The v1 lookup API end to end: the real gateway, the real simulators, HTTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { fetchSample, type Sample } from '../support/sample.ts';

let gateway: TestGateway;
let sample: Sample;

beforeAll(async () => {
  gateway = await startTestGateway();
  sample = await fetchSample(gateway.simulators!.population.url);
});
afterAll(() => gateway?.close());

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as { type: string; title: string; detail?: string; status: number; errors?: Array<{ field: string; rule: string }> };
}

describe('citizen lookups', () => {
  // The simulator's commune names are synthetic; the catalogue names the real unit behind code 21085.
  const UNITS_21085 = {
    legacy: { provinceCode: '51', districtCode: '524', communeCode: '21085', name: 'Xã Bình Minh' },
    unit2025: { provinceCode: '51', communeCode: '21085', name: 'Xã Bình Minh' },
  };

  it('returns the canonical record of the contract example', async () => {
    const response = await gateway.get('/v1/citizens/051190000123');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const body = (await response.json()) as { data: unknown; meta: { source: string; freshness: string; fetchedAt: string } };
    expect(body.data).toEqual({
      personalId: '051190000123',
      legacyIdNumber: '212345678',
      fullName: 'NGUYỄN VĂN AN',
      dateOfBirth: '1990-03-15',
      sex: 'male',
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      hometown: { provinceCode: '51', communeCode: '21085', detail: 'Xã Sơn Thủy, Tỉnh Quảng Ngãi', ...UNITS_21085 },
      permanentAddress: { provinceCode: '51', communeCode: '21085', detail: 'Thôn 2, Xã Sơn Thủy, Tỉnh Quảng Ngãi', ...UNITS_21085 },
      currentAddress: { provinceCode: '51', communeCode: '21085', detail: 'Thôn 2, Xã Sơn Thủy, Tỉnh Quảng Ngãi', ...UNITS_21085 },
      householdHead: { personalId: '051165000077', fullName: 'NGUYỄN VĂN BÌNH' },
      relationshipToHead: 'Con',
      status: 'alive',
    });
    expect(body.meta.source).toBe('population');
    expect(Date.parse(body.meta.fetchedAt)).not.toBeNaN();
  });

  it('maps deceased citizens and partly known birth dates', async () => {
    const deceased = (await (await gateway.get(`/v1/citizens/${sample.deceased}`)).json()) as { data: { status: string } };
    expect(deceased.data.status).toBe('deceased');
    const partial = (await (await gateway.get(`/v1/citizens/${sample.partialBirthDate}`)).json()) as { data: { dateOfBirth: string } };
    expect(partial.data.dateOfBirth).toMatch(/^\d{4}(-\d{2})?$/);
  });

  it('answers 404 for a valid ID the population database does not know', async () => {
    const response = await gateway.get(`/v1/citizens/${sample.unknownPersonalId}`);
    expect(response.status).toBe(404);
    expect((await problemOf(response)).title).toBe('Không tìm thấy dữ liệu');
  });

  it('answers 400 naming the field and the rule for a malformed ID, without calling the upstream', async () => {
    const before = gateway.simulators!.population.stats().requests;
    const response = await gateway.get('/v1/citizens/05119000012X');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toContainEqual(expect.objectContaining({ field: 'personalId', rule: 'format' }));
    expect(gateway.simulators!.population.stats().requests).toBe(before);
  });

  it('answers 401 without a key and with a wrong key', async () => {
    expect((await gateway.get('/v1/citizens/051190000123', { Authorization: '' })).status).toBe(401);
    expect((await gateway.get('/v1/citizens/051190000123', { Authorization: 'Bearer wrong-key-123456' })).status).toBe(401);
  });

  it('answers problems in English on request', async () => {
    const response = await gateway.get(`/v1/citizens/${sample.unknownPersonalId}`, { 'Accept-Language': 'en' });
    expect((await problemOf(response)).title).toBe('Not found');
  });
});

describe('civil-status lookups', () => {
  it('lists births, marriages and deaths as canonical records', async () => {
    const births = (await (await gateway.get(`/v1/civil-status/births?personalId=${sample.citizens[0]}`)).json()) as { data: Array<{ registrationNumber: string; child: { fullName: string } }> };
    expect(Array.isArray(births.data)).toBe(true);
    const marriages = await gateway.get(`/v1/civil-status/marriages?personalId=${sample.married}`);
    expect(marriages.status).toBe(200);
    const marriageBody = (await marriages.json()) as { data: Array<{ husband: unknown; wife: unknown; status: string }> };
    expect(marriageBody.data.length).toBeGreaterThan(0);
    expect(['in-effect', 'divorced']).toContain(marriageBody.data[0]!.status);
    const deaths = (await (await gateway.get(`/v1/civil-status/deaths?personalId=${sample.deceased}`)).json()) as { data: Array<{ dateOfDeath: string }> };
    expect(deaths.data.length).toBeGreaterThan(0);
  });

  it('confirms marital status', async () => {
    const married = (await (await gateway.get(`/v1/civil-status/marital-status/${sample.married}`)).json()) as { data: { status: string; basis: string } };
    expect(married.data.status).toBe('married');
    const divorced = (await (await gateway.get(`/v1/civil-status/marital-status/${sample.divorced}`)).json()) as { data: { status: string } };
    expect(divorced.data.status).toBe('divorced');
  });

  it('answers 400 naming the query field when the personal ID is missing', async () => {
    const response = await gateway.get('/v1/civil-status/births');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toContainEqual(expect.objectContaining({ field: 'personalId', rule: 'required' }));
  });
});

describe('land lookups', () => {
  it('returns a parcel with holders and certificate', async () => {
    const response = await gateway.get('/v1/land/parcels/21085/12/345');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { communeCode: string; mapSheet: string; parcelNumber: string; areaM2: number; certificate: { serial: string } | null; holders: unknown[] } };
    expect(body.data).toMatchObject({ communeCode: '21085', mapSheet: '12', parcelNumber: '345' });
    expect(typeof body.data.areaM2).toBe('number');
    expect(body.data.certificate?.serial).toBe('DA 123456');
    expect(body.data.holders.length).toBeGreaterThan(0);
  });

  it('finds the parcel a certificate covers', async () => {
    const response = await gateway.get(`/v1/land/certificates/${encodeURIComponent('DA 123456')}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { parcelNumber: string } }).data.parcelNumber).toBe('345');
  });

  it('explains plainly, with 403, that a commune is not provisioned on the land system', async () => {
    const { communeCode, mapSheet, parcelNumber } = sample.unprovisionedParcel;
    const response = await gateway.get(`/v1/land/parcels/${communeCode}/${mapSheet}/${parcelNumber}`);
    expect(response.status).toBe(403);
    const body = await problemOf(response);
    expect(body.title).toBe('Xã chưa được cấp quyền khai thác hệ thống này');
    expect(body.detail).toContain('không phải sự cố');
  });

  it('answers 404 for a parcel that does not exist and 400 for a malformed map sheet', async () => {
    expect((await gateway.get('/v1/land/parcels/21085/9999/99999')).status).toBe(404);
    const bad = await gateway.get('/v1/land/parcels/21085/abc/345');
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors).toContainEqual(expect.objectContaining({ field: 'mapSheet' }));
  });
});

describe('metrics', () => {
  it('exposes upstream calls, breakers and caches in Prometheus text', async () => {
    await gateway.get('/v1/citizens/051190000123');
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(text).toMatch(/gateway_upstream_calls_total\{upstream="population",outcome="(ok|cached)"\} [1-9]/);
    expect(text).toContain('gateway_cache_entries{upstream="population",operation="lookupCitizen"}');
    expect(text).not.toContain('051190000123');
  });
});

describe('docs', () => {
  it('serves the OpenAPI document and interactive docs from local assets', async () => {
    expect((await fetch(`${gateway.url}/openapi.json`)).status).toBe(200);
    const page = await (await fetch(`${gateway.url}/docs`)).text();
    expect(page).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    expect((await fetch(`${gateway.url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
