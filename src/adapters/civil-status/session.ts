// The civil-status registry's login session (`POST /hotich/api/dang-nhap` → phien), cached and shared.
import { TransientError, UnauthorizedError } from '../../domain/errors.ts';
import { acquireWithRetry } from '../acquire.ts';
import type { FetchLike } from '../contract.ts';
import { createCredentialCache } from '../credential-cache.ts';
import type { AcquireReason, Credential, CredentialCache } from '../credential-cache.ts';
import { authFailed } from '../events.ts';
import type { AdapterEventListener } from '../events.ts';
import { discard, joinUrl, readText, send, statusError } from '../http.ts';
import type { Sleep } from '../options.ts';
import { upstreamCode } from '../log-safe.ts';
import { parseJson, parseWire } from '../payload.ts';
import { EnvelopeSchema, LoginWireSchema } from './wire.ts';
import type { LoginWire } from './wire.ts';

export interface SessionSourceOptions {
  baseUrl: string;
  fetch: FetchLike;
  username: string;
  password: string;
  now: () => number;
  sleep: Sleep;
  emit: AdapterEventListener;
  /** Log in again this many seconds before hetHan. */
  renewalMarginSeconds: number;
  /** Budget for one login including its retries, ms. */
  timeoutMs?: number | undefined;
}

/** A session whose hetHan is already past by our clock (skew) is still used this long, so we do not log in per call. */
const MIN_SESSION_MS = 30_000;
const site = { upstream: 'civil-status', operation: 'dang-nhap' } as const;

/** A credential cache whose acquisition is a login with its own short retry (503 and LOI HT503 are retried). */
export function createSessionSource(options: SessionSourceOptions): CredentialCache {
  function refused(status: number, maLoi?: string): UnauthorizedError {
    return new UnauthorizedError('The civil-status registry refused our username or password', {
      upstream: 'civil-status',
      context: { operation: site.operation, status, maLoi },
    });
  }

  async function login(signal: AbortSignal): Promise<LoginWire> {
    const response = await send(options.fetch, joinUrl(options.baseUrl, '/hotich/api/dang-nhap'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ tenDangNhap: options.username, matKhau: options.password }),
      signal,
    }, site);
    if (response.status === 401 || response.status === 403) {
      discard(response);
      throw refused(response.status);
    }
    if (!response.ok) {
      discard(response);
      throw statusError(response, site, options.now());
    }
    const raw = await readText(response, signal, site);
    const body = parseJson(raw, site);
    if (typeof body === 'object' && body !== null && 'trangThai' in body && body.trangThai === 'LOI') {
      const failure = parseWire(EnvelopeSchema, body, raw, site);
      const maLoi = failure.trangThai === 'LOI' ? upstreamCode(failure.maLoi) : undefined;
      if (maLoi === 'HT401') throw refused(response.status, maLoi);
      throw new TransientError(`The civil-status login failed (${maLoi})`, { upstream: 'civil-status', context: { operation: site.operation, maLoi } });
    }
    return parseWire(LoginWireSchema, body, raw, site);
  }

  // Bounded by the caller that started it (`signal`), not only by its own budget: see createCredentialCache.
  async function acquire(reason: AcquireReason, signal?: AbortSignal): Promise<Credential> {
    try {
      const session = await acquireWithRetry(login, { upstream: 'civil-status', what: 'login', sleep: options.sleep, timeoutMs: options.timeoutMs, signal });
      const atMs = options.now();
      const type = reason === 'rejected' ? 'relogin-after-HT401' : 'login';
      options.emit({ type, upstream: 'civil-status', atMs, expiresAt: session.hetHan });
      const renewAtMs = Date.parse(session.hetHan) - options.renewalMarginSeconds * 1000;
      return { value: session.phien, renewAtMs: Math.max(renewAtMs, atMs + MIN_SESSION_MS) };
    } catch (error) {
      if (!signal?.aborted) options.emit(authFailed('civil-status', options.now(), error));
      throw error;
    }
  }

  return createCredentialCache({ acquire, now: options.now });
}
