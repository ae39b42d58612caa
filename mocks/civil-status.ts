// Simulator of the shared electronic civil-status registry: session login, X-Phien header, results in a
// trangThai/maLoi envelope (UPSTREAMS.md §2).
import { randomUUID } from 'node:crypto';
import {
  birthWire, deathWire, maritalStatusWire, marriageWire, vietnamTime,
} from './civil-status-wire.ts';
import { DEMO_CREDENTIALS } from './credentials.ts';
import { datasetFor, startSimulator } from './http/simulator.ts';
import { htmlError, htmlPage, json, JSON_TYPE, withJsonText } from './http/respond.ts';
import type { SimRequest, SimResponse } from './http/respond.ts';
import type { Route, UpstreamStyle } from './http/server.ts';
import type { CivilStatusSimulator, CivilStatusSimulatorOptions } from './types.ts';

const API = '/hotich/api';
/** Province code 001-096, then century digit, year and serial. */
const PERSONAL_ID = /^(00[1-9]|0[1-8]\d|09[0-6])\d{9}$/;

const ok = (ketQua: unknown): SimResponse => json(200, { trangThai: 'OK', ketQua });
const error = (maLoi: string, thongBao: string, status = 200, outcome: SimResponse['outcome'] = 'succeeded'): SimResponse =>
  json(status, { trangThai: 'LOI', maLoi, thongBao }, outcome);

/** How the registry words each maLoi an injected 'envelope' error may carry. */
const ERROR_TEXT: Record<string, string> = {
  HT404: 'Không tìm thấy công dân có số định danh này',
  HT422: 'Số định danh cá nhân không hợp lệ',
  HT500: 'Lỗi hệ thống, vui lòng thử lại sau',
  HT503: 'Hệ thống đang bận, vui lòng thử lại sau',
};

const style: UpstreamStyle = {
  errorEnvelope: (code = 'HT500') => error(code, ERROR_TEXT[code] ?? `Lỗi ${code}`),
  busy: () => htmlError(503, 'Service Unavailable'),
  garbage: (text) => ({ status: 200, headers: { 'content-type': JSON_TYPE }, body: htmlPage(text) }),
  // An object where every operation expects a list or a tinhTrang.
  offContract: (text) => ok({ hoVaTen: text, ghiChu: text }),
  withFreeText: (response, text) => withJsonText(response, ['thongBao'], text),
  // The registry fails logins two ways; alternate so clients meet both.
  authFailure: (count) => count % 2 === 1 ? htmlError(503, 'Service Unavailable')
    : error('HT503', 'Hệ thống đang bận, vui lòng thử lại sau'),
  authRejected: () => error('HT401', 'Sai tên đăng nhập hoặc mật khẩu'),
  notFound: () => error('HT404', 'Không tìm thấy chức năng', 404),
};

export async function startCivilStatusSimulator(options: CivilStatusSimulatorOptions = {}): Promise<CivilStatusSimulator> {
  const dataset = datasetFor(options);
  const people = dataset.citizenById;
  const now = options.now ?? Date.now;
  const username = options.username ?? DEMO_CREDENTIALS.civilStatus.username;
  const password = options.password ?? DEMO_CREDENTIALS.civilStatus.password;
  const idleMs = (options.sessionIdleSeconds ?? 900) * 1000;
  const sessions = new Map<string, number>(); // phien → last use, epoch ms

  const login = (request: SimRequest): SimResponse => {
    let body: { tenDangNhap?: unknown; matKhau?: unknown };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return error('HT422', 'Dữ liệu đăng nhập không hợp lệ');
    }
    if (body?.tenDangNhap !== username || body?.matKhau !== password) return style.authRejected();
    const phien = randomUUID();
    // Long benchmark runs log in many times; forget idle sessions now and then.
    if (sessions.size > 1000) for (const [old, lastUse] of sessions) if (now() - lastUse > idleMs) sessions.delete(old);
    sessions.set(phien, now());
    return json(200, { phien, hetHan: vietnamTime(now() + idleMs) });
  };

  /** Checks the session (touching it) and the ID, then answers for a known citizen. */
  const business = (idOf: (request: SimRequest) => string | null, answer: (id: string) => SimResponse) =>
    (request: SimRequest): SimResponse => {
      const phien = request.headers['x-phien'];
      const lastUse = typeof phien === 'string' ? sessions.get(phien) : undefined;
      if (phien === undefined || lastUse === undefined || now() - lastUse > idleMs) {
        if (typeof phien === 'string') sessions.delete(phien);
        return error('HT401', 'Phiên đăng nhập đã hết hạn', 401, 'failed');
      }
      sessions.set(phien as string, now());
      const id = idOf(request);
      if (id === null || !PERSONAL_ID.test(id)) return error('HT422', 'Số định danh cá nhân không hợp lệ');
      if (!people.has(id)) return error('HT404', 'Không tìm thấy công dân có số định danh này');
      return answer(id);
    };

  const byQuery = (request: SimRequest): string | null => request.query.get('soDinhDanh');
  const routes: Route[] = [
    { method: 'POST', path: `${API}/dang-nhap`, kind: 'auth', handle: login },
    { method: 'GET', path: `${API}/khai-sinh`, kind: 'business', handle: business(byQuery, (id) =>
      ok((dataset.civil.births.get(id) ?? []).map((record) => birthWire(record, people)))) },
    { method: 'GET', path: `${API}/ket-hon`, kind: 'business', handle: business(byQuery, (id) =>
      ok((dataset.civil.marriages.get(id) ?? []).map((record) => marriageWire(record, people)))) },
    { method: 'GET', path: `${API}/khai-tu`, kind: 'business', handle: business(byQuery, (id) =>
      ok((dataset.civil.deaths.get(id) ?? []).map(deathWire))) },
    { method: 'GET', path: /^\/hotich\/api\/tinh-trang-hon-nhan\/[^/]*$/, label: `${API}/tinh-trang-hon-nhan/{soDinhDanh}`,
      kind: 'business', handle: business(
      (request) => request.path.slice(`${API}/tinh-trang-hon-nhan/`.length),
      (id) => {
        const status = dataset.civil.maritalStatus.get(id);
        return status ? ok(maritalStatusWire(status)) : error('HT404', 'Không có dữ liệu tình trạng hôn nhân');
      }) },
  ];

  const simulator = await startSimulator(options, {
    name: 'civil-status',
    routes,
    style,
    stats: { authCounter: 'loginRequests' },
    actions: { 'POST /__sim/kill-sessions': () => sessions.clear() },
  });
  return { ...simulator, killSessions: () => sessions.clear() };
}
