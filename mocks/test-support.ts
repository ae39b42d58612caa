// Small fetch helpers the simulator tests share: speak each upstream's protocol in a line.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { DEMO_CREDENTIALS } from './credentials.ts';
import { startSimulators } from './start-all.ts';
import type { RunningSimulators } from './start-all.ts';

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

/** The raw answer to a login with the demo credentials. */
export function loginRequest(url: string): Promise<Response> {
  return fetch(`${url}/hotich/api/dang-nhap`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenDangNhap: DEMO_CREDENTIALS.civilStatus.username, matKhau: DEMO_CREDENTIALS.civilStatus.password }),
  });
}

export async function login(url: string): Promise<string> {
  return (await (await loginRequest(url)).json() as { phien: string }).phien;
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

export interface SimulatorSuite {
  /** The three simulators, started once for the file. */
  readonly sims: RunningSimulators;
  /** A population access token fetched at start. */
  readonly token: string;
  /** A civil-status session opened at start. */
  readonly phien: string;
  /** `tra-cuu` for the contract example (or `id`) with the given maYeuCau. */
  lookup(id?: string, maYeuCau?: string, signal?: AbortSignal): Promise<Response>;
  /** `TraCuuThuaDat` for the contract example parcel. */
  parcel(): Promise<Response>;
}

/** Starts all simulators for a test file, clears their faults and stats after each test and closes them at the end. */
export function useSimulators(): SimulatorSuite {
  let sims: RunningSimulators | undefined;
  let token = '';
  let phien = '';
  const running = (): RunningSimulators => {
    if (!sims) throw new Error('useSimulators(): the simulators are not started yet');
    return sims;
  };
  beforeAll(async () => {
    sims = await startSimulators();
    token = await accessToken(sims.population.url);
    phien = await login(sims.civilStatus.url);
  });
  afterEach(() => {
    for (const sim of [running().population, running().civilStatus, running().land]) {
      sim.faults.clear();
      sim.resetStats();
    }
  });
  afterAll(() => sims?.close());
  return {
    get sims() { return running(); },
    get token() { return token; },
    get phien() { return phien; },
    lookup: (id = '051190000123', maYeuCau, signal) => populationCall(running().population.url, token, lookupBody(id, maYeuCau), 'tra-cuu', signal),
    parcel: () => soapCall(running().land.url, 'TraCuuThuaDat', '<maXa>21085</maXa><soTo>12</soTo><soThua>345</soThua>'),
  };
}
