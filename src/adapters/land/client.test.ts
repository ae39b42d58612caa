import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError, NotProvisionedError, TransientError, UnauthorizedError } from '../../domain/errors.ts';
import { eventLog, rejection, requestContext, truncatedBody, useMswServer } from '../testing.ts';
import { createLandAdapter } from './client.ts';
import type { LandAdapterOptions } from './client.ts';
import { BASE_URL, ENDPOINT, soapFault, soapResponse } from './fixtures.ts';

const server = useMswServer();
const KEY = { communeCode: '21085', mapSheet: '12', parcelNumber: '345' };

function adapter(overrides: Partial<LandAdapterOptions> = {}) {
  return createLandAdapter({ baseUrl: BASE_URL, fetch: globalThis.fetch, username: 'sonthuy', password: 'mật', ...overrides });
}

function answer(resolver: (request: Request) => Response | Promise<Response>): Request[] {
  const requests: Request[] = [];
  server.use(http.post(ENDPOINT, ({ request }) => {
    requests.push(request.clone());
    return resolver(request);
  }));
  return requests;
}

describe('land adapter', () => {
  it('asks TraCuuThuaDat with Basic auth, the exact SOAPAction and a SOAP 1.1 envelope', async () => {
    const requests = answer(() => HttpResponse.xml(soapResponse('TraCuuThuaDat')));
    const parcel = await adapter().findParcel(KEY, requestContext());
    expect(parcel).toMatchObject({ communeCode: '21085', mapSheet: '012', areaM2: 123.4, mortgaged: true, certificate: { serial: 'DA 123456' } });
    const request = requests[0]!;
    expect(request.headers.get('authorization')).toBe(`Basic ${Buffer.from('sonthuy:mật', 'utf8').toString('base64')}`);
    expect(request.headers.get('soapaction')).toBe('"TraCuuThuaDat"');
    expect(request.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await request.text()).toContain('<soap:Body><TraCuuThuaDat><maXa>21085</maXa><soTo>12</soTo><soThua>345</soThua></TraCuuThuaDat></soap:Body>');
  });

  it('finds a parcel by certificate serial, escaping an & in the serial', async () => {
    const requests = answer(() => HttpResponse.xml(soapResponse('TraCuuGiayChungNhan', undefined, 'tns')));
    const parcel = await adapter().findParcelByCertificate('DA 12&456', requestContext());
    expect(parcel.parcelNumber).toBe('0345');
    expect(requests[0]!.headers.get('soapaction')).toBe('"TraCuuGiayChungNhan"');
    expect(await requests[0]!.text()).toContain('<TraCuuGiayChungNhan><soPhatHanh>DA 12&amp;456</soPhatHanh></TraCuuGiayChungNhan>');
  });

  it.each([
    ['soap:Client.KhongTimThay', NotFoundError],
    ['soap:Client.DuLieuKhongHopLe', InvalidInputError],
    ['soap:Client.ChuaPhanQuyen', NotProvisionedError],
    ['soap:Server.LoiHeThong', TransientError],
    ['env:Client.KhongTimThay', NotFoundError],
  ])('throws the classified error for a Fault %s', async (faultcode, type) => {
    answer(() => HttpResponse.xml(soapFault(faultcode, 'Chi tiết lỗi'), { status: 500 }));
    const error = await rejection(adapter().findParcel(KEY, requestContext()), type);
    expect(error.upstream).toBe('land');
  });

  it('refuses bad credentials on HTTP 401 with UnauthorizedError and tells health', async () => {
    answer(() => new HttpResponse('Unauthorized', { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="dat-dai"' } }));
    const log = eventLog();
    await rejection(adapter({ onEvent: log.onEvent }).findParcel(KEY, requestContext()), UnauthorizedError);
    expect(log.events).toMatchObject([{ type: 'auth-failed', upstream: 'land', code: 'unauthorized' }]);
  });

  it.each([
    ['a 500 without a parseable Fault', () => HttpResponse.html('<html><body>Internal Server Error</body></html>', { status: 500 })],
    ['a body that is not XML', () => HttpResponse.text('OK')],
    ['truncated XML', () => HttpResponse.xml(soapResponse('TraCuuThuaDat').slice(0, 300))],
    ['a response without ThuaDat', () => HttpResponse.xml(soapResponse('TraCuuThuaDat', '<Khac/>'))],
    ['a ThuaDat that breaks the contract', () => HttpResponse.xml(soapResponse('TraCuuThuaDat', '<ThuaDat><SoTo>1</SoTo><ChuSuDung><HoTen>NGUYỄN VĂN AN</HoTen></ChuSuDung></ThuaDat>'))],
  ])('treats %s as transient, describing the payload without its values', async (_name, resolver) => {
    answer(resolver);
    const error = await rejection(adapter().findParcel(KEY, requestContext()), TransientError);
    expect(error.context['operation']).toBe('TraCuuThuaDat');
    expect(error.context['payload']).toMatchObject({ chars: expect.any(Number), shape: expect.any(String) });
    expect(JSON.stringify(error.context)).not.toMatch(/NGUYỄN|051190000123|Internal Server Error/);
  });

  it('treats a body cut off while being read as transient', async () => {
    const fetch: typeof globalThis.fetch = async (input, init) =>
      String(input) === ENDPOINT ? truncatedBody('<soap:Envelope><soap:Body>', 'text/xml') : globalThis.fetch(input, init);
    const error = await rejection(adapter({ fetch }).findParcel(KEY, requestContext()), TransientError);
    expect(error.message).toContain('cut off');
  });

  it('turns 503 and 429 with Retry-After into transient errors that say how long to wait', async () => {
    answer(() => new HttpResponse(null, { status: 503, headers: { 'Retry-After': '20' } }));
    expect((await rejection(adapter().findParcel(KEY, requestContext()), TransientError)).retryAfterSeconds).toBe(20);
    answer(() => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '2' } }));
    expect((await rejection(adapter().findParcel(KEY, requestContext()), TransientError)).retryAfterSeconds).toBe(2);
  });

  it('turns a connection reset into a transient error', async () => {
    answer(() => HttpResponse.error());
    await rejection(adapter().findParcel(KEY, requestContext()), TransientError);
  });

  it('rejects with the abort reason when the caller aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('deadline passed');
    // Abort once the request has reached the upstream, so the call is really in flight.
    answer(async () => {
      controller.abort(reason);
      await delay('infinite');
      return HttpResponse.xml('<x/>');
    });
    await expect(adapter().findParcel(KEY, requestContext({ signal: controller.signal }))).rejects.toBe(reason);
  });

  it('fetches the WSDL without credentials as the land system sign of life', async () => {
    const seen: Request[] = [];
    server.use(http.get(ENDPOINT, ({ request }) => {
      seen.push(request);
      return HttpResponse.xml('<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="DatDai"/>');
    }));
    const land = adapter();
    await land.fetchWsdl(new AbortController().signal);
    await land.checkCredentials(new AbortController().signal);
    expect(seen.map((request) => new URL(request.url).search)).toEqual(['?wsdl', '?wsdl']);
    expect(seen[0]!.headers.get('authorization')).toBeNull();
  });

  it('treats a WSDL answer that is down or not XML as transient', async () => {
    server.use(http.get(ENDPOINT, () => new HttpResponse(null, { status: 502 })));
    await rejection(adapter().fetchWsdl(new AbortController().signal), TransientError);
    server.use(http.get(ENDPOINT, () => HttpResponse.text('maintenance')));
    await rejection(adapter().fetchWsdl(new AbortController().signal), TransientError);
  });
});
