import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError, TransientError } from '../../domain/errors.ts';
import { fakeSleep, rejection, requestContext, truncatedBody, useMswServer } from '../testing.ts';
import { createCivilStatusAdapter } from './client.ts';
import type { CivilStatusAdapterOptions } from './client.ts';
import { BASE_URL, fakeRegistry } from './fixtures.ts';

const server = useMswServer();
const ID = '051190000123';
const BIRTHS = `${BASE_URL}/hotich/api/khai-sinh`;

function adapter(overrides: Partial<CivilStatusAdapterOptions> = {}) {
  return createCivilStatusAdapter({ baseUrl: BASE_URL, fetch: globalThis.fetch, username: 'ubnd.sonthuy', password: 'mật khẩu', sleep: fakeSleep(), ...overrides });
}

function answerBirths(resolver: () => Response | Promise<Response>): void {
  server.use(http.get(BIRTHS, resolver));
}

describe('civil-status adapter', () => {
  it('finds births with the session header and the ID as a query parameter', async () => {
    const registry = fakeRegistry(server);
    const births = await adapter().findBirths(ID, requestContext());
    expect(births).toHaveLength(1);
    expect(births[0]).toMatchObject({ registrationNumber: '123', child: { sex: 'female' }, father: { personalId: ID }, mother: null });
    expect(registry.logins).toEqual([{ tenDangNhap: 'ubnd.sonthuy', matKhau: 'mật khẩu' }]);
    expect(registry.calls[0]?.phien).toBe('phien-1');
    expect(registry.calls[0]?.url.searchParams.get('soDinhDanh')).toBe(ID);
  });

  it('finds marriages and deaths, and reads the marital status from the path', async () => {
    const registry = fakeRegistry(server);
    const civil = adapter();
    expect(await civil.findMarriages(ID, requestContext())).toMatchObject([{ status: 'in-effect', wife: { fullName: 'TRẦN THỊ BÍCH' } }]);
    expect(await civil.findDeaths(ID, requestContext())).toMatchObject([{ dateOfDeath: '2023-01-30' }]);
    expect(await civil.maritalStatus(ID, requestContext())).toEqual({ personalId: ID, status: 'married', basis: 'Đăng ký kết hôn số 45' });
    expect(registry.calls.map((call) => call.url.pathname)).toEqual([
      '/hotich/api/ket-hon',
      '/hotich/api/khai-tu',
      `/hotich/api/tinh-trang-hon-nhan/${ID}`,
    ]);
    expect(registry.logins).toHaveLength(1);
  });

  it('URL-encodes the ID in the query and in the path', async () => {
    const registry = fakeRegistry(server);
    const civil = adapter();
    await civil.findBirths('05 11&x=1', requestContext());
    await civil.maritalStatus('05/11?', requestContext());
    expect(registry.calls[0]?.url.search).toBe('?soDinhDanh=05%2011%26x%3D1');
    expect(registry.calls[1]?.url.pathname).toBe('/hotich/api/tinh-trang-hon-nhan/05%2F11%3F');
  });

  it('reads an empty or null list as no records', async () => {
    fakeRegistry(server);
    answerBirths(() => HttpResponse.json({ trangThai: 'OK', ketQua: [] }));
    expect(await adapter().findBirths(ID, requestContext())).toEqual([]);
    answerBirths(() => HttpResponse.json({ trangThai: 'OK', ketQua: null }));
    expect(await adapter().findBirths(ID, requestContext())).toEqual([]);
  });

  it.each([
    ['HT404', 200, NotFoundError],
    ['HT422', 200, InvalidInputError],
    ['HT500', 200, TransientError],
    ['HT503', 200, TransientError],
    ['HT777', 200, TransientError],
    ['HT404', 404, NotFoundError],
    ['HT422', 422, InvalidInputError],
  ])('throws the classified error for maLoi %s answered with HTTP %i', async (maLoi, status, type) => {
    fakeRegistry(server);
    answerBirths(() => HttpResponse.json({ trangThai: 'LOI', maLoi, thongBao: 'Lỗi' }, { status }));
    const error = await rejection(adapter().findBirths(ID, requestContext()), type);
    expect(error).toMatchObject({ upstream: 'civil-status', context: { operation: 'khai-sinh', maLoi } });
  });

  it.each([
    ['a record that breaks the contract', () => HttpResponse.json({ trangThai: 'OK', ketQua: [{ soDangKy: '1' }] })],
    ['an envelope with an unknown trangThai', () => HttpResponse.json({ trangThai: 'CHO', ketQua: [] })],
    ['a body that is not JSON', () => HttpResponse.text('OK')],
    ['an HTML error page', () => HttpResponse.html('<html><body>Hệ thống đang bảo trì</body></html>')],
    ['truncated JSON', () => HttpResponse.text('{"trangThai":"OK","ketQua":[{"soDangKy":"123","nguoiDuocKhaiSinh":{"hoVaTen":"NGUY')],
    ['a 404 page that is not the registry', () => HttpResponse.html('<h1>Not Found</h1>', { status: 404 })],
  ])('treats %s as transient, describing the payload without its values', async (_name, resolver) => {
    fakeRegistry(server);
    answerBirths(resolver);
    const error = await rejection(adapter().findBirths(ID, requestContext()), TransientError);
    expect(error.context['operation']).toBe('khai-sinh');
    expect(JSON.stringify(error.context)).not.toMatch(/NGUY|bảo trì|"123"/);
    expect(error.cause === undefined || !String((error.cause as Error).message).includes('NGUY')).toBe(true);
  });

  it('treats a body cut off while being read as transient', async () => {
    fakeRegistry(server);
    const fetch: typeof globalThis.fetch = async (input, init) =>
      String(input).startsWith(BIRTHS) ? truncatedBody('{"trangThai":"OK","ketQua":[') : globalThis.fetch(input, init);
    const error = await rejection(adapter({ fetch }).findBirths(ID, requestContext()), TransientError);
    expect(error.message).toContain('cut off');
  });

  it('turns 503 and 429 with Retry-After into transient errors that say how long to wait', async () => {
    fakeRegistry(server);
    answerBirths(() => HttpResponse.json({ trangThai: 'LOI', maLoi: 'HT503' }, { status: 503, headers: { 'Retry-After': '12' } }));
    expect((await rejection(adapter().findBirths(ID, requestContext()), TransientError)).retryAfterSeconds).toBe(12);
    answerBirths(() => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3' } }));
    expect((await rejection(adapter().findBirths(ID, requestContext()), TransientError)).retryAfterSeconds).toBe(3);
  });

  it('turns a connection reset into a transient error', async () => {
    fakeRegistry(server);
    answerBirths(() => HttpResponse.error());
    await rejection(adapter().findBirths(ID, requestContext()), TransientError);
  });

  it('rejects with the abort reason when the caller aborts', async () => {
    fakeRegistry(server);
    const controller = new AbortController();
    const reason = new Error('deadline passed');
    // Abort once the request has reached the upstream, so the call is really in flight.
    answerBirths(async () => {
      controller.abort(reason);
      await delay('infinite');
      return HttpResponse.json({});
    });
    await expect(adapter().findBirths(ID, requestContext({ signal: controller.signal }))).rejects.toBe(reason);
  });
});
