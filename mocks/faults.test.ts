import { describe, expect, it } from 'vitest';
import { civilCall, fetchToken, loginRequest, soapBody, soapCall, useSimulators } from './test-support.ts';

const suite = useSimulators();
const { lookup, parcel } = suite;
const putFaults = (url: string, body: string) => fetch(`${url}/__sim/faults`, { method: 'PUT', body });

describe('fault control API', () => {
  it('merges PUT bodies, unsets keys with null and clears on DELETE', async () => {
    const { url } = suite.sims.population;
    await putFaults(url, JSON.stringify({ errorRate: 0.5, latencyMs: 10 }));
    const merged = await putFaults(url, JSON.stringify({ latencyMs: null, rateLimit: { rate: 0.1, retryAfterSeconds: 2 } }));
    expect(await merged.json()).toEqual({ errorRate: 0.5, rateLimit: { rate: 0.1, retryAfterSeconds: 2 } });
    expect(suite.sims.population.faults.get()).toEqual({ errorRate: 0.5, rateLimit: { rate: 0.1, retryAfterSeconds: 2 } });
    await fetch(`${url}/__sim/faults`, { method: 'DELETE' });
    expect(await (await fetch(`${url}/__sim/faults`)).json()).toEqual({});
  });

  it('answers 400 to invalid fault settings and keeps the old ones', async () => {
    suite.sims.land.faults.set({ latencyMs: 5 });
    for (const body of ['{"errorRate":1.5}', '{"bogus":true}', '{"errorMode":"http-500"}', '{"rateLimit":{"rate":1}}', '{"freeText":""}', '{"errorCode":7}', 'not json', '[]']) {
      const response = await putFaults(suite.sims.land.url, body);
      expect(response.status, body).toBe(400);
    }
    expect(suite.sims.land.faults.get()).toEqual({ latencyMs: 5 });
    expect(() => suite.sims.land.faults.set({ maxConcurrent: -1 })).toThrow(RangeError);
  });

  it('never applies faults to /__sim endpoints', async () => {
    suite.sims.population.faults.set({ down: true, hang: true, resetRate: 1 });
    expect((await fetch(`${suite.sims.population.url}/__sim/stats`)).status).toBe(200);
    expect((await fetch(`${suite.sims.population.url}/__sim/sample`)).status).toBe(200);
  });

  it('resets stats over HTTP', async () => {
    await lookup();
    const reset = await (await fetch(`${suite.sims.population.url}/__sim/stats/reset`, { method: 'POST' })).json();
    expect(reset).toMatchObject({ requests: 0, succeeded: 0, requestIds: {}, duplicateRequestIds: 0 });
  });
});

describe('outages and errors', () => {
  it('down: business and auth endpoints answer 503 at once', async () => {
    suite.sims.population.faults.set({ down: true });
    expect((await lookup()).status).toBe(503);
    expect((await fetchToken(suite.sims.population.url)).status).toBe(503);
    suite.sims.land.faults.set({ down: true });
    expect((await parcel()).status).toBe(503);
    expect((await fetch(`${suite.sims.land.url}/dat-dai/ws?wsdl`)).status).toBe(503);
  });

  it('errorRate with http modes answers 502/503/504', async () => {
    for (const [mode, status] of [['http-502', 502], ['http-503', 503], ['http-504', 504]] as const) {
      suite.sims.population.faults.set({ errorRate: 1, errorMode: mode });
      expect((await lookup()).status).toBe(status);
    }
    expect(suite.sims.population.stats()).toMatchObject({ requests: 3, failed: 3, succeeded: 0 });
  });

  it("errorRate with envelope mode answers in each upstream's own error format", async () => {
    for (const sim of [suite.sims.population, suite.sims.civilStatus, suite.sims.land]) sim.faults.set({ errorRate: 1, errorMode: 'envelope' });
    expect(await (await lookup()).json()).toMatchObject({ maKetQua: '99' });
    expect(await (await civilCall(suite.sims.civilStatus.url, suite.phien, 'khai-tu?soDinhDanh=051190000123')).json()).toMatchObject({ maLoi: 'HT500' });
    const land = await parcel();
    expect(land.status).toBe(500);
    expect(soapBody(await land.text()).Fault.faultcode).toMatch(/^soap:Server\./);
  });

  it('errorCode makes envelope errors carry the given upstream code', async () => {
    suite.sims.population.faults.set({ errorRate: 1, errorMode: 'envelope', errorCode: '06' });
    expect(await (await lookup()).json()).toMatchObject({ maKetQua: '06' });
    suite.sims.civilStatus.faults.set({ errorRate: 1, errorMode: 'envelope', errorCode: 'HT422' });
    expect(await (await civilCall(suite.sims.civilStatus.url, suite.phien, 'khai-tu?soDinhDanh=051190000123')).json()).toMatchObject({ maLoi: 'HT422' });
    suite.sims.land.faults.set({ errorRate: 1, errorMode: 'envelope', errorCode: 'soap:Client.KhongTimThay' });
    expect(soapBody(await (await parcel()).text()).Fault.faultcode).toBe('soap:Client.KhongTimThay');
  });

  it('off-contract mode answers 200 in the upstream syntax with content that breaks the contract', async () => {
    for (const sim of [suite.sims.population, suite.sims.civilStatus, suite.sims.land]) sim.faults.set({ errorRate: 1, errorMode: 'off-contract' });
    const population = await (await lookup()).json();
    expect(population).toMatchObject({ maKetQua: '00', duLieu: { ghiChu: expect.any(String) } });
    expect(population.duLieu).not.toHaveProperty('soDinhDanh');
    const civil = await (await civilCall(suite.sims.civilStatus.url, suite.phien, 'khai-tu?soDinhDanh=051190000123')).json();
    expect(civil).toMatchObject({ trangThai: 'OK', ketQua: { ghiChu: expect.any(String) } });
    const land = await parcel();
    expect(land.status).toBe(200);
    expect(soapBody(await land.text())).not.toHaveProperty('TraCuuThuaDatResponse');
    expect(suite.sims.land.stats()).toMatchObject({ failed: 1 });
  });

  it('freeText puts the given text into every free-text message and into wrong-format bodies', async () => {
    const text = 'Công dân NGUYỄN VĂN AN sinh ngày 15/03/1990, CCCD 051 190 000 123 <&>';
    for (const sim of [suite.sims.population, suite.sims.civilStatus, suite.sims.land]) sim.faults.set({ freeText: text });
    expect(await (await lookup()).json()).toMatchObject({ maKetQua: '00', moTa: text });
    expect(await (await lookup('051190000999')).json()).toMatchObject({ maKetQua: '04', moTa: text });
    expect(await (await civilCall(suite.sims.civilStatus.url, suite.phien, 'khai-tu?soDinhDanh=1')).json()).toMatchObject({ maLoi: 'HT422', thongBao: text });
    const fault = await soapCall(suite.sims.land.url, 'TraCuuThuaDat', '<maXa>1</maXa><soTo>1</soTo><soThua>1</soThua>');
    expect(soapBody(await fault.text()).Fault).toEqual({ faultcode: 'soap:Client.DuLieuKhongHopLe', faultstring: text });
    suite.sims.population.faults.set({ garbageRate: 1 });
    expect(await (await lookup()).text()).toContain(text);
    suite.sims.land.faults.set({ errorRate: 1, errorMode: 'off-contract' });
    expect(soapBody(await (await parcel()).text())).toMatchObject({ KetQuaResponse: { HoTen: text } });
  });

  it('errorRate draws are repeatable: the same settings give the same sequence', async () => {
    const run = async () => {
      suite.sims.population.faults.set({ errorRate: 0.5 });
      const statuses: number[] = [];
      for (let index = 0; index < 12; index += 1) statuses.push((await lookup()).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(200);
    expect(first).toContain(503);
    expect(await run()).toEqual(first);
  });

  it('rateLimit answers 429 and unavailable answers 503, both with Retry-After', async () => {
    suite.sims.population.faults.set({ rateLimit: { rate: 1, retryAfterSeconds: 7 } });
    const limited = await lookup();
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    suite.sims.population.faults.set({ rateLimit: null, unavailable: { rate: 1, retryAfterSeconds: 3 } });
    const unavailable = await lookup();
    expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '3']);
  });

  it('latencyMs delays the answer', async () => {
    suite.sims.population.faults.set({ latencyMs: 60 });
    const started = performance.now();
    expect((await lookup()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('auth faults', () => {
  it('authFailureRate: token fetch answers 503; civil-status login alternates 503 and HT503', async () => {
    suite.sims.population.faults.set({ authFailureRate: 1 });
    expect((await fetchToken(suite.sims.population.url)).status).toBe(503);
    expect((await lookup()).status).toBe(200); // business calls are unaffected
    suite.sims.civilStatus.faults.set({ authFailureRate: 1 });
    const attempt = () => loginRequest(suite.sims.civilStatus.url).then(async (response) => `${response.status} ${await response.text()}`);
    const answers = [await attempt(), await attempt()];
    expect(answers.some((answer) => answer.startsWith('503'))).toBe(true);
    expect(answers.some((answer) => answer.startsWith('200') && answer.includes('HT503'))).toBe(true);
    expect(suite.sims.civilStatus.stats().loginRequests).toBe(2);
  });

  it('authDown: token fetch gets invalid_client, login gets HT401 wrong credentials', async () => {
    suite.sims.population.faults.set({ authDown: true });
    const token = await fetchToken(suite.sims.population.url);
    expect([token.status, await token.json()]).toEqual([401, expect.objectContaining({ error: 'invalid_client' })]);
    suite.sims.civilStatus.faults.set({ authDown: true });
    const loginAnswer = await loginRequest(suite.sims.civilStatus.url);
    expect(await loginAnswer.json()).toEqual({ trangThai: 'LOI', maLoi: 'HT401', thongBao: 'Sai tên đăng nhập hoặc mật khẩu' });
  });
});

