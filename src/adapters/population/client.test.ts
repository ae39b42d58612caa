import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError, NotProvisionedError, TransientError, UnauthorizedError } from '../../domain/errors.ts';
import { eventLog, fakeSleep, rejection, requestContext, truncatedBody, useMswServer } from '../testing.ts';
import { createPopulationAdapter } from './client.ts';
import type { PopulationAdapterOptions } from './client.ts';
import { BASE_URL, citizenDuLieu, fakePopulation } from './fixtures.ts';

const server = useMswServer();
const LOOKUP = `${BASE_URL}/api/dan-cu/v1/cong-dan/tra-cuu`;

function adapter(overrides: Partial<PopulationAdapterOptions> = {}) {
  return createPopulationAdapter({ baseUrl: BASE_URL, fetch: globalThis.fetch, clientId: 'gateway', clientSecret: 'bí mật', sleep: fakeSleep(), ...overrides });
}

function answerLookup(resolver: () => Response | Promise<Response>): void {
  server.use(http.post(LOOKUP, resolver));
}

describe('population adapter', () => {
  it('looks up the contract example and returns the canonical citizen', async () => {
    fakePopulation(server);
    const citizen = await adapter().lookupCitizen('051190000123', requestContext());
    expect(citizen).toMatchObject({ personalId: '051190000123', fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1990-03-15', sex: 'male', religion: 'Không', status: 'alive' });
  });

  it('asks for a token with client credentials as UTF-8 HTTP Basic and calls with the bearer token', async () => {
    const upstream = fakePopulation(server);
    await adapter().lookupCitizen('051190000123', requestContext());
    const tokenRequest = upstream.tokenRequests[0]!;
    const expected = `Basic ${Buffer.from('gateway:bí mật', 'utf8').toString('base64')}`;
    expect(tokenRequest.headers.get('authorization')).toBe(expected);
    expect(await tokenRequest.text()).toBe('grant_type=client_credentials');
    expect(upstream.calls[0]?.token).toBe('token-1');
  });

  it('sends who asks and why in the four fields of the contract, and nothing else, a case id or not', async () => {
    const upstream = fakePopulation(server);
    const population = adapter();
    await population.lookupCitizen('051190000123', requestContext());
    await population.lookupCitizen('051190000123', requestContext({ caseId: 'HS-2025-001', requestId: 'req-2' }));
    expect(upstream.calls[0]?.body).toEqual({ soDinhDanh: '051190000123', maDonVi: '21085', maCanBo: '051085000001', mucDich: 'Đăng ký kết hôn', maYeuCau: 'req-1' });
    expect(upstream.calls[1]?.body).toEqual({ soDinhDanh: '051190000123', maDonVi: '21085', maCanBo: '051085000001', mucDich: 'Đăng ký kết hôn', maYeuCau: 'req-2' });
  });

  it('verifies identity with the birth date in the upstream form and maps the per-field result', async () => {
    const upstream = fakePopulation(server);
    server.use(http.post(`${BASE_URL}/api/dan-cu/v1/cong-dan/xac-thuc`, () =>
      HttpResponse.json({ maKetQua: '00', duLieu: { ketQua: false, chiTiet: { hoVaTen: true, ngaySinh: false } } })));
    const subject = { personalId: '051190000123', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-03-15' };
    const check = await adapter().verifyIdentity(subject, requestContext());
    expect(check).toEqual({ match: false, fields: { fullName: true, dateOfBirth: false } });
    expect(upstream.tokenRequests).toHaveLength(1);
  });

  it('sends a partly known birth date as MM/yyyy', async () => {
    const upstream = fakePopulation(server);
    await adapter().verifyIdentity({ personalId: '051190000123', fullName: 'An', dateOfBirth: '1990-03' }, requestContext());
    expect(upstream.calls[0]?.body).toMatchObject({ soDinhDanh: '051190000123', hoVaTen: 'An', ngaySinh: '03/1990', maDonVi: '21085' });
  });

  it.each([
    ['04', NotFoundError],
    ['05', InvalidInputError],
    ['06', NotProvisionedError],
    ['98', TransientError],
    ['99', TransientError],
    ['77', TransientError],
  ])('throws the classified error for maKetQua %s', async (maKetQua, type) => {
    fakePopulation(server);
    answerLookup(() => HttpResponse.json({ maKetQua, moTa: 'Lỗi', duLieu: null }));
    const error = await rejection(adapter().lookupCitizen('051190000123', requestContext()), type);
    expect(error.upstream).toBe('population');
  });

  it.each([
    ['a duLieu that breaks the contract', 'does not match', () => HttpResponse.json({ maKetQua: '00', duLieu: { ...citizenDuLieu, gioiTinh: 'X' } })],
    ['an envelope without maKetQua', 'does not match', () => HttpResponse.json({ ketQua: 'ok' })],
    ['a body that is not JSON', 'not JSON', () => HttpResponse.text('Service Unavailable')],
    ['an HTML error page', 'not JSON', () => HttpResponse.html('<html><body><h1>502 Bad Gateway</h1></body></html>')],
    ['truncated JSON', 'not JSON', () => HttpResponse.text('{"maKetQua":"00","duLieu":{"soDinhDanh":"051190000123","hoVaTen":"NGUY')],
  ])('treats %s as transient', async (_name, message, resolver) => {
    fakePopulation(server);
    answerLookup(resolver);
    const error = await rejection(adapter().lookupCitizen('051190000123', requestContext()), TransientError);
    expect(error.message).toContain(message);
    expect(error.retryable).toBe(true);
    expect(error.context['operation']).toBe('tra-cuu');
  });

  it('treats a body cut off while being read as transient', async () => {
    fakePopulation(server);
    // msw completes a broken stream quietly, so this answer is handed over directly, as undici would.
    const fetch: typeof globalThis.fetch = async (input, init) =>
      String(input) === LOOKUP ? truncatedBody('{"maKetQua":"00","duLieu":{"soDinh') : globalThis.fetch(input, init);
    const error = await rejection(adapter({ fetch }).lookupCitizen('051190000123', requestContext()), TransientError);
    expect(error.message).toContain('cut off');
  });

  it('keeps only the structure of a malformed payload in the error context, never its values', async () => {
    fakePopulation(server);
    answerLookup(() => HttpResponse.json({ maKetQua: '00', duLieu: { ...citizenDuLieu, trangThai: 'KHONG_RO' } }));
    const error = await rejection(adapter().lookupCitizen('051190000123', requestContext()), TransientError);
    const payload = error.context['payload'] as { shape: string; chars: number };
    expect(payload.shape).toMatch(/^\{maKetQua:string,duLieu:\{soDinhDanh:string,soCMND:string,hoVaTen:string,/);
    expect(JSON.stringify(error.context)).not.toMatch(/051190000123|212345678|NGUYỄN|Kinh|KHONG_RO/);
    expect(error.context['issues']).toEqual(['trangThai: Invalid option: expected one of "CON_SONG"|"DA_CHET"|"MAT_TICH"']);
  });

  it('turns 503 with Retry-After seconds into a transient error that says how long to wait', async () => {
    fakePopulation(server);
    answerLookup(() => new HttpResponse('busy', { status: 503, headers: { 'Retry-After': '7' } }));
    const error = await rejection(adapter().lookupCitizen('051190000123', requestContext()), TransientError);
    expect(error.retryAfterSeconds).toBe(7);
    expect(error.context['status']).toBe(503);
  });

  it('turns 429 with an HTTP-date Retry-After into seconds from now', async () => {
    fakePopulation(server);
    const nowMs = Date.parse('2025-06-01T08:00:00Z');
    answerLookup(() => new HttpResponse(null, { status: 429, headers: { 'Retry-After': 'Sun, 01 Jun 2025 08:00:30 GMT' } }));
    const error = await rejection(adapter({ now: () => nowMs }).lookupCitizen('051190000123', requestContext()), TransientError);
    expect(error.retryAfterSeconds).toBe(30);
  });

  it('turns 502 and 504 without Retry-After into transient errors', async () => {
    fakePopulation(server);
    for (const status of [502, 504]) {
      answerLookup(() => new HttpResponse(null, { status }));
      const error = await rejection(adapter().lookupCitizen('051190000123', requestContext()), TransientError);
      expect(error.retryAfterSeconds).toBeUndefined();
    }
  });

  it('turns a connection reset into a transient error', async () => {
    fakePopulation(server);
    answerLookup(() => HttpResponse.error());
    const error = await rejection(adapter().lookupCitizen('051190000123', requestContext()), TransientError);
    expect(error.message).toContain('could not be reached');
  });

  it('rejects with the abort reason when the caller aborts', async () => {
    fakePopulation(server);
    const controller = new AbortController();
    const reason = new Error('deadline passed');
    // Abort once the request has reached the upstream, so the call is really in flight.
    answerLookup(async () => {
      controller.abort(reason);
      await delay('infinite');
      return HttpResponse.json({});
    });
    await expect(adapter().lookupCitizen('051190000123', requestContext({ signal: controller.signal }))).rejects.toBe(reason);
  });

  it('treats 403 as the gateway not being allowed to use the API, and tells health', async () => {
    fakePopulation(server);
    answerLookup(() => HttpResponse.json({ fault: { code: 900908 } }, { status: 403 }));
    const log = eventLog();
    await rejection(adapter({ onEvent: log.onEvent }).lookupCitizen('051190000123', requestContext()), UnauthorizedError);
    expect(log.types()).toEqual(['token-fetched', 'auth-failed']);
  });
});
