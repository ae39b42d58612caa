// Simulator of the population database behind the provincial LGSP: OAuth2 client credentials, JSON bodies,
// results in a maKetQua envelope (UPSTREAMS.md §1).
import { randomUUID } from 'node:crypto';
import type { Dataset } from './data/dataset.ts';
import { DEMO_CREDENTIALS } from './credentials.ts';
import { datasetFor, startSimulator } from './http/simulator.ts';
import { htmlError, htmlPage, json, JSON_TYPE, withJsonText } from './http/respond.ts';
import type { SimRequest, SimResponse } from './http/respond.ts';
import type { Route, UpstreamStyle } from './http/server.ts';
import { citizenWire, sameName } from './population-wire.ts';
import type { PopulationSimulator, PopulationSimulatorOptions } from './types.ts';

const BASE = '/api/dan-cu/v1/cong-dan';
/** Province code 001-096, then century digit, year and serial. */
const PERSONAL_ID = /^(00[1-9]|0[1-8]\d|09[0-6])\d{9}$/;
const COMMON_FIELDS = ['maDonVi', 'maCanBo', 'mucDich', 'maYeuCau'] as const;

const result = (maKetQua: string, moTa: string, duLieu: unknown = null): SimResponse =>
  json(200, { maKetQua, moTa, duLieu });
const invalid = (why: string): SimResponse => result('05', `Dữ liệu đầu vào không hợp lệ: ${why}`);

/** How the upstream words each maKetQua an injected 'envelope' error may carry. */
const RESULT_TEXT: Record<string, string> = {
  '04': 'Không tìm thấy thông tin công dân',
  '05': 'Dữ liệu đầu vào không hợp lệ',
  '06': 'Đơn vị không được phép khai thác dữ liệu này',
  '98': 'Hệ thống đang bận, vui lòng thử lại sau',
  '99': 'Lỗi hệ thống, vui lòng thử lại sau',
};

const style: UpstreamStyle = {
  errorEnvelope: (code = '99') => result(code, RESULT_TEXT[code] ?? `Lỗi ${code}`),
  busy: () => result('98', 'Hệ thống đang bận, vui lòng thử lại sau'),
  garbage: (text) => ({ status: 200, headers: { 'content-type': JSON_TYPE }, body: htmlPage(text) }),
  // Neither a citizen nor an identity check: every field the contract requires is missing.
  offContract: (text) => result('00', 'Thành công', { hoVaTen: text, ngaySinh: text, tonGiao: text, ghiChu: text }),
  withFreeText: (response, text) => withJsonText(response, ['moTa', 'description', 'error_description'], text),
  authFailure: () => htmlError(503, 'Service Unavailable'),
  authRejected: () => json(401, { error: 'invalid_client', error_description: 'Client Authentication failed.' }),
  notFound: () => json(404, { fault: { code: 404, message: 'No matching resource found for given API Request',
    description: 'The requested resource is not available.' } }),
};

/** WSO2's answer to a missing, expired or revoked token. */
const tokenFault = (code: number, message: string): SimResponse => ({
  ...json(401, { fault: { code, message, description: 'Access failure for API' } }, 'failed'),
  headers: { 'content-type': JSON_TYPE, 'www-authenticate': 'OAuth2 realm="WSO2 API Manager", error="invalid_token"' },
});

function basicCredentials(header: string | undefined): [string, string] | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/** Parses and checks the fields every business body carries; a string is the reason for maKetQua 05. */
function parseBody(request: SimRequest, extra: readonly string[]): Record<string, string> | string {
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return 'thân yêu cầu không phải JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'thân yêu cầu phải là đối tượng JSON';
  const fields = body as Record<string, unknown>;
  const missing = ['soDinhDanh', ...COMMON_FIELDS, ...extra]
    .filter((key) => typeof fields[key] !== 'string' || (fields[key] as string).trim() === '');
  if (missing.length > 0) return `thiếu ${missing.join(', ')}`;
  if (!PERSONAL_ID.test(fields.soDinhDanh as string)) return 'soDinhDanh phải gồm 12 chữ số, mã tỉnh 001-096';
  if (!/^\d{5}$/.test(fields.maDonVi as string)) return 'maDonVi phải gồm 5 chữ số';
  return fields as Record<string, string>;
}

/** The maYeuCau of a business request; undefined for a body that is not JSON or has none. */
function requestIdOf(request: SimRequest): string | undefined {
  try {
    const id = (JSON.parse(request.body) as { maYeuCau?: unknown }).maYeuCau;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

export async function startPopulationSimulator(options: PopulationSimulatorOptions = {}): Promise<PopulationSimulator> {
  const dataset: Dataset = datasetFor(options);
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? DEMO_CREDENTIALS.population.clientId;
  const clientSecret = options.clientSecret ?? DEMO_CREDENTIALS.population.clientSecret;
  const ttlSeconds = options.tokenTtlSeconds ?? 3600;
  const tokens = new Map<string, number>(); // access token → expiry, epoch ms
  const units = new Set(options.permittedUnits ?? dataset.sample.communes);

  const issueToken = (request: SimRequest): SimResponse => {
    const form = new URLSearchParams(request.body);
    const [id, secret] = basicCredentials(request.headers.authorization)
      ?? [form.get('client_id') ?? '', form.get('client_secret') ?? ''];
    if (id !== clientId || secret !== clientSecret) return style.authRejected();
    if (form.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
    const token = randomUUID();
    // Long benchmark runs fetch many tokens; forget the expired ones now and then.
    if (tokens.size > 1000) for (const [old, expiry] of tokens) if (expiry <= now()) tokens.delete(old);
    tokens.set(token, now() + ttlSeconds * 1000);
    return json(200, { access_token: token, token_type: 'Bearer', expires_in: ttlSeconds });
  };

  /** Runs a business call after the token and body checks every endpoint shares. */
  const business = (extra: readonly string[], answer: (fields: Record<string, string>) => SimResponse) =>
    (request: SimRequest): SimResponse => {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!token) return tokenFault(900902, 'Missing Credentials');
      const expiry = tokens.get(token);
      if (expiry === undefined || expiry <= now()) return tokenFault(900901, 'Invalid Credentials');
      const fields = parseBody(request, extra);
      if (typeof fields === 'string') return invalid(fields);
      if (!units.has(fields.maDonVi ?? '')) return result('06', 'Đơn vị không được phép khai thác dữ liệu này');
      return answer(fields);
    };

  const notFound = (): SimResponse => result('04', 'Không tìm thấy thông tin công dân');
  const routes: Route[] = [
    { method: 'POST', path: '/token', kind: 'auth', handle: issueToken },
    { method: 'POST', path: `${BASE}/tra-cuu`, kind: 'business', operation: 'traCuu', handle: business([], (fields) => {
      const citizen = dataset.citizenById.get(fields.soDinhDanh ?? '');
      return citizen ? result('00', 'Thành công', citizenWire(citizen, dataset.citizenById)) : notFound();
    }) },
    { method: 'POST', path: `${BASE}/xac-thuc`, kind: 'business', operation: 'xacThuc', handle: business(['hoVaTen', 'ngaySinh'], (fields) => {
      const citizen = dataset.citizenById.get(fields.soDinhDanh ?? '');
      if (!citizen) return notFound();
      const wire = citizenWire(citizen, dataset.citizenById);
      const chiTiet = { hoVaTen: sameName(citizen.fullName, fields.hoVaTen ?? ''), ngaySinh: wire.ngaySinh === fields.ngaySinh?.trim() };
      return result('00', 'Thành công', { ketQua: chiTiet.hoVaTen && chiTiet.ngaySinh, chiTiet });
    }) },
  ];

  const simulator = await startSimulator(options, {
    name: 'population',
    routes,
    style,
    stats: { authCounter: 'tokenRequests', requestIds: true },
    actions: { 'POST /__sim/revoke-tokens': () => tokens.clear() },
    observe: (request, stats) => {
      const id = requestIdOf(request);
      if (id !== undefined) stats.requestId(id);
    },
    requestIdOf,
  });
  return { ...simulator, revokeTokens: () => tokens.clear() };
}
