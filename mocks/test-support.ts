// Small fetch helpers the simulator tests share: speak each upstream's protocol in a line.
import { XMLParser } from 'fast-xml-parser';
import { DEMO_CREDENTIALS } from './credentials.ts';

export const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export async function fetchToken(url: string, credentials: { clientId: string; clientSecret: string } = DEMO_CREDENTIALS.population): Promise<Response> {
  return fetch(`${url}/token`, {
    method: 'POST',
    headers: { authorization: basic(credentials.clientId, credentials.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
}

export async function accessToken(url: string): Promise<string> {
  const body = await (await fetchToken(url)).json() as { access_token: string };
  return body.access_token;
}

export const lookupBody = (soDinhDanh: string, maYeuCau = `req-${soDinhDanh}`) =>
  ({ soDinhDanh, maDonVi: '21085', maCanBo: '051165000077', mucDich: 'Đăng ký kết hôn', maYeuCau });

export function populationCall(url: string, token: string, body: unknown, endpoint = 'tra-cuu', signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}/api/dan-cu/v1/cong-dan/${endpoint}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

export async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/hotich/api/dang-nhap`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenDangNhap: DEMO_CREDENTIALS.civilStatus.username, matKhau: DEMO_CREDENTIALS.civilStatus.password }),
  });
  return (await response.json() as { phien: string }).phien;
}

export function civilCall(url: string, phien: string, path: string): Promise<Response> {
  return fetch(`${url}/hotich/api/${path}`, { headers: { 'x-phien': phien } });
}

export function soapCall(url: string, operation: string, inner: string, authorization = basic(DEMO_CREDENTIALS.land.username, DEMO_CREDENTIALS.land.password)): Promise<Response> {
  return fetch(`${url}/dat-dai/ws`, {
    method: 'POST',
    headers: { authorization, soapaction: `"${operation}"`, 'content-type': 'text/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">`
      + `<soapenv:Body><${operation}>${inner}</${operation}></soapenv:Body></soapenv:Envelope>`,
  });
}

const xml = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true });

/** The contents of soap:Body, namespace prefixes dropped. */
export function soapBody(text: string): Record<string, any> {
  return (xml.parse(text) as { Envelope: { Body: Record<string, any> } }).Envelope.Body;
}
