// Administrative units after the 2025 merger, end to end: the catalogue routes, and every address answered in both
// schemes, with the simulators on either scheme.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { fetchSample } from '../support/sample.ts';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as { data: Record<string, unknown> } & Record<string, unknown> });

describe('the catalogue routes', () => {
  it('tells what 02620 means in each scheme: Xã Sơn Thủy since 2025, Xã Sơn Nam before', async () => {
    gateway = await startTestGateway();
    const now = await json(await gateway.get('/v1/admin-units/02620'));
    expect(now.status).toBe(200);
    expect(now.body.data).toMatchObject({ scheme: '2025', name: 'Xã Sơn Thủy', province: 'Tỉnh Tuyên Quang' });
    expect((now.body.data['absorbed'] as { name: string }[]).map((unit) => unit.name).sort()).toEqual(['Xã Ninh Lai', 'Xã Sơn Nam', 'Xã Thiện Kế']);
    const before = await json(await gateway.get('/v1/admin-units/02620?scheme=legacy'));
    expect(before.body.data).toMatchObject({ scheme: 'legacy', name: 'Xã Sơn Nam', district: 'Huyện Sơn Dương', divided: false, successors: [{ communeCode: '02620', name: 'Xã Sơn Thủy' }] });
  });

  it('lists every successor of a divided legacy unit', async () => {
    gateway = await startTestGateway();
    const divided = await json(await gateway.get('/v1/admin-units/31183?scheme=legacy'));
    expect(divided.body.data['divided']).toBe(true);
    expect((divided.body.data['successors'] as unknown[]).length).toBeGreaterThan(1);
  });

  it('finds units without accents and answers unknown codes and bad input with problems', async () => {
    gateway = await startTestGateway();
    const found = (await (await gateway.get('/v1/admin-units?q=thien%20ke')).json()) as { data: { scheme: string; name: string }[] };
    expect(found.data).toContainEqual(expect.objectContaining({ scheme: 'legacy', name: 'Xã Thiện Kế' }));
    const missing = await gateway.get('/v1/admin-units/99999', { 'Accept-Language': 'en' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect((await gateway.get('/v1/admin-units/12?scheme=1990')).status).toBe(400);
    expect((await gateway.get('/v1/admin-units?q=a')).status).toBe(400);
  });
});

describe('addresses in both schemes', () => {
  it('adds the 2025 unit and the legacy unit to a citizen’s addresses from an upstream on the legacy scheme', async () => {
    gateway = await startTestGateway();
    const { body } = await json(await gateway.get('/v1/citizens/051190000123'));
    const address = body.data['permanentAddress'] as Record<string, unknown>;
    expect(address['communeCode']).toBe('21085');
    expect(address['legacy']).toEqual({ provinceCode: '51', districtCode: '524', communeCode: '21085', name: 'Xã Bình Minh' });
    expect(address['unit2025']).toEqual({ provinceCode: '51', communeCode: '21085', name: 'Xã Bình Minh' });
  });

  it('adds only the 2025 unit when the upstream already speaks the 2025 scheme, to parcels and registry offices too', async () => {
    gateway = await startTestGateway((config) => {
      config.upstreams.land.unitScheme = '2025';
      config.upstreams.civilStatus.unitScheme = '2025';
    });
    const [key] = (await fetchSample(gateway.simulators!.land.url)).parcels;
    const parcel = (await json(await gateway.get(`/v1/land/parcels/${key!.communeCode}/${key!.mapSheet}/${key!.parcelNumber}`))).body;
    expect(parcel.data['unit2025']).toMatchObject({ communeCode: key!.communeCode });
    expect(parcel.data['legacy']).toBeUndefined();
    const births = (await (await gateway.get('/v1/civil-status/births?personalId=051190000123')).json()) as { data: { registeredAt: Record<string, unknown> }[] };
    for (const record of births.data) {
      expect(record.registeredAt['legacy']).toBeUndefined();
      expect(record.registeredAt).toHaveProperty('unit2025');
    }
  });
});

describe('land lookups by a 2025 code against a land system on the legacy scheme', () => {
  it('tries each legacy commune the 2025 unit absorbed, in order, and says which answered', async () => {
    gateway = await startTestGateway();
    // 2025 Xã Bình Minh (21085) absorbed legacy 21058, 21064 and 21085; the simulator holds parcels of legacy 21085.
    const parcel = (await fetchSample(gateway.simulators!.land.url)).parcels.find((p) => p.communeCode === '21085')!;
    const answer = await json(await gateway.get(`/v1/land/parcels/21085/${parcel.mapSheet}/${parcel.parcelNumber}?unitScheme=2025`));
    expect(answer.status).toBe(200);
    expect(answer.body['meta']).toMatchObject({
      unitTranslation: { asked: { scheme: '2025', communeCode: '21085' }, answered: { scheme: 'legacy', communeCode: '21085' }, tried: ['21058', '21064', '21085'] },
    });
    expect(answer.body.data['communeCode']).toBe('21085');
  });

  it('reads only the absorbed communes in the key’s land scope, and refuses when none is', async () => {
    gateway = await startTestGateway();
    const unknown = await gateway.get('/v1/land/parcels/99999/1/1?unitScheme=2025');
    expect(unknown.status).toBe(404);
    // 2025 Xã Sơn Thủy (Tuyên Quang) absorbed no commune of the demo key.
    const outside = await gateway.get('/v1/land/parcels/02620/1/1?unitScheme=2025');
    expect(outside.status).toBe(403);
  });
});
