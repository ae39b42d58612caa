import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCivilStatusSimulator } from './civil-status.ts';
import { getDataset } from './data/dataset.ts';
import { civilCall, login } from './test-support.ts';
import type { CivilStatusSimulator } from './types.ts';

let clock = Date.parse('2026-01-01T00:00:00Z');
let sim: CivilStatusSimulator;
let phien: string;
const sample = getDataset().sample;

beforeAll(async () => {
  sim = await startCivilStatusSimulator({ now: () => clock });
  phien = await login(sim.url);
});
afterAll(() => sim.close());

const call = async (path: string, session = phien) =>
  civilCall(sim.url, session, path).then(async (response) => ({ status: response.status, body: await response.json() as any }));

describe('civil-status simulator: login', () => {
  it('opens a session with an expiry in Vietnam time, 15 minutes ahead', async () => {
    const response = await fetch(`${sim.url}/hotich/api/dang-nhap`, {
      method: 'POST', body: JSON.stringify({ tenDangNhap: 'demo-xa', matKhau: 'demo-password' }),
    });
    const body = await response.json() as { phien: string; hetHan: string };
    expect(body.phien).toEqual(expect.any(String));
    expect(body.hetHan).toBe('2026-01-01T07:15:00+07:00');
  });

  it('refuses a wrong password inside a 200 with HT401', async () => {
    const response = await fetch(`${sim.url}/hotich/api/dang-nhap`, {
      method: 'POST', body: JSON.stringify({ tenDangNhap: 'demo-xa', matKhau: 'nope' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ trangThai: 'LOI', maLoi: 'HT401', thongBao: 'Sai tên đăng nhập hoặc mật khẩu' });
  });
});

describe('civil-status simulator: records', () => {
  it('returns birth records with parents and ISO dates', async () => {
    const { body } = await call('khai-sinh?soDinhDanh=051190000123');
    expect(body.trangThai).toBe('OK');
    expect(body.ketQua).toHaveLength(1);
    expect(body.ketQua[0]).toMatchObject({
      noiDangKy: { maXa: '21085', ten: 'UBND xã Sơn Thủy' },
      nguoiDuocKhaiSinh: { soDinhDanh: '051190000123', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '1990-03-15', gioiTinh: 'Nam' },
      cha: { hoVaTen: 'NGUYỄN VĂN BÌNH', soDinhDanh: '051165000077' },
    });
  });

  it('returns marriage and marital status for a married citizen', async () => {
    const marriages = (await call(`ket-hon?soDinhDanh=${sample.married}`)).body.ketQua;
    expect(marriages[0]).toMatchObject({ chong: { soDinhDanh: sample.married }, trangThai: 'HIEU_LUC' });
    const status = (await call(`tinh-trang-hon-nhan/${sample.married}`)).body.ketQua;
    expect(status).toMatchObject({ tinhTrang: 'DANG_CO_VO_CHONG', canCu: expect.stringContaining('TRẦN THỊ HOA') });
  });

  it('shows divorces in both the marriage record and the marital status', async () => {
    const marriages = (await call(`ket-hon?soDinhDanh=${sample.divorced}`)).body.ketQua;
    expect(marriages.map((record: { trangThai: string }) => record.trangThai)).toContain('DA_LY_HON');
    expect((await call(`tinh-trang-hon-nhan/${sample.divorced}`)).body.ketQua.tinhTrang).toBe('DA_LY_HON');
  });

  it('returns the death record of a deceased citizen', async () => {
    const deaths = (await call(`khai-tu?soDinhDanh=${sample.deceased}`)).body.ketQua;
    expect(deaths).toHaveLength(1);
    expect(deaths[0].ngayChet).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it('answers an empty list when a known person has no such record', async () => {
    expect(await call('khai-tu?soDinhDanh=051190000123')).toEqual({ status: 200, body: { trangThai: 'OK', ketQua: [] } });
    expect((await call('ket-hon?soDinhDanh=051190000123')).body.ketQua).toEqual([]);
  });

  it('answers HT404 for an unknown person and HT422 for a malformed ID', async () => {
    expect((await call(`tinh-trang-hon-nhan/${sample.unknownPersonalId}`)).body.maLoi).toBe('HT404');
    expect((await call(`khai-sinh?soDinhDanh=${sample.unknownPersonalId}`)).body.maLoi).toBe('HT404');
    expect((await call('tinh-trang-hon-nhan/12345')).body.maLoi).toBe('HT422');
    expect((await call('khai-sinh')).body.maLoi).toBe('HT422');
  });
});

describe('civil-status simulator: sessions', () => {
  it('answers 401 HT401 after killSessions, and works again after a new login', async () => {
    sim.killSessions();
    expect(await call('khai-sinh?soDinhDanh=051190000123')).toEqual({
      status: 401, body: { trangThai: 'LOI', maLoi: 'HT401', thongBao: 'Phiên đăng nhập đã hết hạn' },
    });
    phien = await login(sim.url);
    expect((await call('khai-sinh?soDinhDanh=051190000123')).status).toBe(200);
  });

  it('kills sessions over HTTP too', async () => {
    expect((await fetch(`${sim.url}/__sim/kill-sessions`, { method: 'POST' })).status).toBe(200);
    expect((await call('khai-sinh?soDinhDanh=051190000123')).status).toBe(401);
    phien = await login(sim.url);
  });

  it('ends a session after 15 idle minutes but not while it is used', async () => {
    clock += 14 * 60_000;
    expect((await call('khai-tu?soDinhDanh=051190000123')).status).toBe(200);
    clock += 14 * 60_000;
    expect((await call('khai-tu?soDinhDanh=051190000123')).status).toBe(200);
    clock += 15 * 60_000 + 1;
    expect((await call('khai-tu?soDinhDanh=051190000123')).body.maLoi).toBe('HT401');
    phien = await login(sim.url);
  });

  it('answers 401 without an X-Phien header', async () => {
    expect((await fetch(`${sim.url}/hotich/api/khai-sinh?soDinhDanh=051190000123`)).status).toBe(401);
  });
});
