import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { TransientError, UnauthorizedError } from '../../domain/errors.ts';
import { eventLog, fakeSleep, rejection, requestContext, useMswServer } from '../testing.ts';
import { createCivilStatusAdapter } from './client.ts';
import type { CivilStatusAdapterOptions } from './client.ts';
import { BASE_URL, fakeRegistry, SESSION_EXPIRED } from './fixtures.ts';

const server = useMswServer();
const ID = '051190000123';
const LOGIN = `${BASE_URL}/hotich/api/dang-nhap`;

function adapter(overrides: Partial<CivilStatusAdapterOptions> = {}) {
  return createCivilStatusAdapter({ baseUrl: BASE_URL, fetch: globalThis.fetch, username: 'ubnd.sonthuy', password: 'secret', sleep: fakeSleep(), ...overrides });
}

function loginEndpoint(...answers: Array<() => Response>): { count: () => number } {
  let count = 0;
  server.use(http.post(LOGIN, () => answers[Math.min(count++, answers.length - 1)]!()));
  return { count: () => count };
}

describe('civil-status session', () => {
  it('shares one login among 50 concurrent first calls', async () => {
    const registry = fakeRegistry(server, { loginDelayMs: 30 });
    const civil = adapter();
    await Promise.all(Array.from({ length: 50 }, () => civil.findBirths(ID, requestContext())));
    expect(registry.logins).toHaveLength(1);
    expect(new Set(registry.calls.map((call) => call.phien))).toEqual(new Set(['phien-1']));
  });

  it('logs in again once after a 401 HT401 and repeats the call', async () => {
    const registry = fakeRegistry(server);
    const log = eventLog();
    const civil = adapter({ onEvent: log.onEvent });
    await civil.findBirths(ID, requestContext());
    registry.dead.add('phien-1');
    expect(await civil.findBirths(ID, requestContext())).toHaveLength(1);
    expect(registry.calls.map((call) => call.phien)).toEqual(['phien-1', 'phien-2']);
    expect(log.types()).toEqual(['login', 'relogin-after-HT401']);
  });

  it('lets 50 calls on a dead session share one re-login and all succeed', async () => {
    const registry = fakeRegistry(server, { loginDelayMs: 30 });
    const civil = adapter();
    await civil.findBirths(ID, requestContext());
    registry.dead.add('phien-1');
    await Promise.all(Array.from({ length: 50 }, () => civil.findDeaths(ID, requestContext())));
    expect(registry.logins).toHaveLength(2);
    expect(registry.calls.filter((call) => call.phien === 'phien-2')).toHaveLength(50);
  });

  it('treats HT401 inside a 200 answer as a dead session too', async () => {
    const registry = fakeRegistry(server);
    let answered = 0;
    server.use(http.get(`${BASE_URL}/hotich/api/khai-tu`, () => (answered++ === 0 ? HttpResponse.json(SESSION_EXPIRED) : HttpResponse.json({ trangThai: 'OK', ketQua: [] }))));
    expect(await adapter().findDeaths(ID, requestContext())).toEqual([]);
    expect(registry.logins).toHaveLength(2);
  });

  it('gives up with UnauthorizedError when the fresh session is refused too', async () => {
    const registry = fakeRegistry(server);
    server.use(http.get(`${BASE_URL}/hotich/api/khai-sinh`, () => HttpResponse.json(SESSION_EXPIRED, { status: 401 })));
    const log = eventLog();
    await rejection(adapter({ onEvent: log.onEvent }).findBirths(ID, requestContext()), UnauthorizedError);
    expect(registry.logins).toHaveLength(2);
    expect(log.types()).toEqual(['login', 'relogin-after-HT401', 'auth-failed']);
  });

  it('logs in again once the session is past hetHan', async () => {
    const registry = fakeRegistry(server, { hetHan: '2025-06-01T10:15:00+07:00' });
    let nowMs = Date.parse('2025-06-01T10:00:00+07:00');
    const civil = adapter({ now: () => nowMs });
    await civil.findBirths(ID, requestContext());
    nowMs = Date.parse('2025-06-01T10:14:59+07:00');
    await civil.findBirths(ID, requestContext());
    nowMs = Date.parse('2025-06-01T10:15:01+07:00');
    await civil.findBirths(ID, requestContext());
    expect(registry.calls.map((call) => call.phien)).toEqual(['phien-1', 'phien-1', 'phien-2']);
  });

  it('retries a login answered 503 or LOI HT503, then succeeds', async () => {
    fakeRegistry(server);
    const login = loginEndpoint(
      () => new HttpResponse(null, { status: 503 }),
      () => HttpResponse.json({ trangThai: 'LOI', maLoi: 'HT503', thongBao: 'Hệ thống bận' }),
      () => HttpResponse.json({ phien: 'phien-late', hetHan: '2099-01-01T00:00:00+07:00' }),
    );
    const sleep = fakeSleep();
    expect(await adapter({ sleep }).findBirths(ID, requestContext())).toHaveLength(1);
    expect(login.count()).toBe(3);
    expect(sleep.delays).toEqual([100, 300]);
  });

  it('gives up on a login that keeps failing with TransientError', async () => {
    const login = loginEndpoint(() => HttpResponse.json({ trangThai: 'LOI', maLoi: 'HT503' }));
    const log = eventLog();
    await rejection(adapter({ onEvent: log.onEvent }).findBirths(ID, requestContext()), TransientError);
    expect(login.count()).toBe(3);
    expect(log.events).toMatchObject([{ type: 'auth-failed', upstream: 'civil-status', code: 'transient' }]);
  });

  it('treats a login refused with LOI HT401 as bad credentials, without retrying', async () => {
    const login = loginEndpoint(() => HttpResponse.json({ trangThai: 'LOI', maLoi: 'HT401', thongBao: 'Sai tên đăng nhập hoặc mật khẩu' }));
    await rejection(adapter().findBirths(ID, requestContext()), UnauthorizedError);
    expect(login.count()).toBe(1);
  });

  it('treats a login answered HTTP 401 as bad credentials', async () => {
    loginEndpoint(() => HttpResponse.json({ trangThai: 'LOI', maLoi: 'HT401' }, { status: 401 }));
    await rejection(adapter().checkCredentials(new AbortController().signal), UnauthorizedError);
  });

  it('forces a login on checkCredentials', async () => {
    const registry = fakeRegistry(server);
    const log = eventLog();
    const civil = adapter({ onEvent: log.onEvent });
    await civil.checkCredentials(new AbortController().signal);
    await civil.checkCredentials(new AbortController().signal);
    expect(registry.logins).toHaveLength(2);
    expect(log.events).toMatchObject([{ type: 'login', expiresAt: '2099-01-01T00:00:00+07:00' }, { type: 'login' }]);
  });
});
