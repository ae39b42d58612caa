import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from './data/dataset.ts';
import { startPopulationSimulator } from './population.ts';
import { accessToken, fetchToken, lookupBody, populationCall } from './test-support.ts';
import type { PopulationSimulator } from './types.ts';

const CONTRACT_RECORD = {
  soDinhDanh: '051190000123', soCMND: '212345678', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '15/03/1990',
  gioiTinh: '1', danToc: 'Kinh', tonGiao: 'Không', quocTich: 'Việt Nam',
  queQuan: { maTinh: '51', maXa: '21085', chiTiet: 'Xã Sơn Thủy, Tỉnh Quảng Ngãi' },
  thuongTru: { maTinh: '51', maXa: '21085', chiTiet: 'Thôn 2, Xã Sơn Thủy, Tỉnh Quảng Ngãi' },
  noiOHienTai: { maTinh: '51', maXa: '21085', chiTiet: 'Thôn 2, Xã Sơn Thủy, Tỉnh Quảng Ngãi' },
  chuHo: { soDinhDanh: '051165000077', hoVaTen: 'NGUYỄN VĂN BÌNH' }, quanHeVoiChuHo: 'Con',
  trangThai: 'CON_SONG',
};

let clock = Date.parse('2026-01-01T00:00:00Z');
let sim: PopulationSimulator;
let token: string;
const sample = getDataset().sample;

beforeAll(async () => {
  sim = await startPopulationSimulator({ now: () => clock, tokenTtlSeconds: 60 });
  token = await accessToken(sim.url);
});
afterAll(() => sim.close());

const lookup = async (body: unknown, endpoint = 'tra-cuu', bearer = token) =>
  populationCall(sim.url, bearer, body, endpoint).then(async (response) => ({ status: response.status, body: await response.json() as any }));

describe('population simulator: token endpoint', () => {
  it('issues a bearer token for the right client credentials', async () => {
    const response = await fetchToken(sim.url);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: 'Bearer', expires_in: 60, access_token: expect.any(String) });
  });

  it('refuses wrong client credentials with 401 invalid_client', async () => {
    const response = await fetchToken(sim.url, { clientId: 'demo-gateway', clientSecret: 'wrong' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('counts token fetches apart from business calls', async () => {
    const before = sim.stats();
    await fetchToken(sim.url);
    expect(sim.stats().tokenRequests).toBe((before.tokenRequests ?? 0) + 1);
    expect(sim.stats().requests).toBe(before.requests);
  });
});

describe('population simulator: lookups', () => {
  it('returns the contract example record exactly', async () => {
    expect(await lookup(lookupBody('051190000123'))).toEqual({ status: 200, body: { maKetQua: '00', moTa: 'Thành công', duLieu: CONTRACT_RECORD } });
  });

  it('answers 04 for a well-formed unknown ID and 05 for a malformed one', async () => {
    expect((await lookup(lookupBody(sample.unknownPersonalId))).body).toMatchObject({ maKetQua: '04', duLieu: null });
    expect((await lookup(lookupBody('05119000012'))).body.maKetQua).toBe('05');
    expect((await lookup(lookupBody('999190000123'))).body.maKetQua).toBe('05');
  });

  it('answers 05 when maDonVi, maCanBo, mucDich or maYeuCau is missing', async () => {
    for (const field of ['maDonVi', 'maCanBo', 'mucDich', 'maYeuCau']) {
      const body: Record<string, string> = lookupBody('051190000123');
      delete body[field];
      const { body: answer } = await lookup(body);
      expect(answer.maKetQua).toBe('05');
      expect(answer.moTa).toContain(field);
    }
  });

  it('answers 06 for a unit that may not query', async () => {
    expect((await lookup({ ...lookupBody('051190000123'), maDonVi: '99999' })).body.maKetQua).toBe('06');
  });

  it('reports deceased and missing people with their status', async () => {
    expect((await lookup(lookupBody(sample.deceased))).body.duLieu.trangThai).toBe('DA_CHET');
    const missing = (await lookup(lookupBody(sample.missing))).body.duLieu;
    expect(missing.trangThai).toBe('MAT_TICH');
    expect(missing).not.toHaveProperty('chuHo');
  });

  it('returns partial birth dates as MM/yyyy or yyyy', async () => {
    expect((await lookup(lookupBody(sample.partialBirthDate))).body.duLieu.ngaySinh).toMatch(/^(\d\d\/)?\d{4}$/);
  });

  it('verifies identity field by field, ignoring case and spacing of the name', async () => {
    const verify = (hoVaTen: string, ngaySinh: string) => lookup({ ...lookupBody('051190000123'), hoVaTen, ngaySinh }, 'xac-thuc');
    expect((await verify('Nguyễn  Văn An', '15/03/1990')).body.duLieu).toEqual({ ketQua: true, chiTiet: { hoVaTen: true, ngaySinh: true } });
    expect((await verify('NGUYỄN VĂN AN', '16/03/1990')).body.duLieu).toEqual({ ketQua: false, chiTiet: { hoVaTen: true, ngaySinh: false } });
    expect((await verify('NGUYỄN VĂN AN', '')).body.maKetQua).toBe('05');
  });
});

describe('population simulator: token lifecycle', () => {
  it('answers the 900901 fault with 401 once tokens are revoked, and accepts a fresh token', async () => {
    const own = await accessToken(sim.url);
    sim.revokeTokens();
    const revoked = await lookup(lookupBody('051190000123'), 'tra-cuu', own);
    expect(revoked).toEqual({ status: 401, body: { fault: { code: 900901, message: 'Invalid Credentials', description: 'Access failure for API' } } });
    const fresh = await accessToken(sim.url);
    expect((await lookup(lookupBody('051190000123'), 'tra-cuu', fresh)).body.maKetQua).toBe('00');
    token = fresh;
  });

  it('revokes over HTTP too', async () => {
    const own = await accessToken(sim.url);
    expect((await fetch(`${sim.url}/__sim/revoke-tokens`, { method: 'POST' })).status).toBe(200);
    expect((await lookup(lookupBody('051190000123'), 'tra-cuu', own)).status).toBe(401);
    token = await accessToken(sim.url);
  });

  it('expires tokens after expires_in seconds', async () => {
    const own = await accessToken(sim.url);
    clock += 61_000;
    expect((await lookup(lookupBody('051190000123'), 'tra-cuu', own)).status).toBe(401);
    token = await accessToken(sim.url);
  });

  it('answers 401 without a bearer token', async () => {
    const response = await fetch(`${sim.url}/api/dan-cu/v1/cong-dan/tra-cuu`, { method: 'POST', body: JSON.stringify(lookupBody('051190000123')) });
    expect(response.status).toBe(401);
  });
});

describe('population simulator: sample', () => {
  it('serves the shared sample at /__sim/sample', async () => {
    expect(await (await fetch(`${sim.url}/__sim/sample`)).json()).toEqual(sample);
  });
});

describe('population simulator: what the upstream performed', () => {
  const verifyBody = (maYeuCau: string) => {
    const citizen = getDataset().citizenById.get(sample.citizens[0]!)!;
    return { ...lookupBody(citizen.personalId, maYeuCau), hoVaTen: citizen.fullName, ngaySinh: '01/01/1990' };
  };

  it('counts a verification performed after its client gave up, and the same maYeuCau performed twice as a duplicate', async () => {
    sim.resetStats();
    sim.faults.set({ latencyMs: 200 });
    try {
      const gaveUp = new AbortController();
      const abandoned = populationCall(sim.url, token, verifyBody('req-twice'), 'xac-thuc', gaveUp.signal).catch(() => undefined);
      await sim.waitForStats((stats) => stats.inFlight === 1);
      gaveUp.abort();
      await abandoned;
      expect((await populationCall(sim.url, token, verifyBody('req-twice'), 'xac-thuc')).status).toBe(200);
      const stats = await sim.waitForStats((each) => each.operations?.['xacThuc']?.processed.pending === 0);
      expect(stats.aborted).toBe(1);
      expect(stats.operations?.['xacThuc']?.processed).toEqual({ calls: 2, duplicates: 1, pending: 0 });
    } finally {
      sim.faults.clear();
    }
  });

  it('does not count a call refused before it was performed', async () => {
    sim.resetStats();
    sim.faults.set({ errorRate: 1 });
    try {
      expect((await populationCall(sim.url, token, verifyBody('req-refused'), 'xac-thuc')).status).toBe(503);
      expect(sim.stats().operations?.['xacThuc']).toBeUndefined();
    } finally {
      sim.faults.clear();
    }
  });
});
