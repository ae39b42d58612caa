// The civil-status adapter: session login, GET calls with X-Phien, records mapped to canonical objects.
import type { BirthRecord, DeathRecord, MaritalStatus, MarriageRecord } from '../../domain/civil-status.ts';
import { UnauthorizedError } from '../../domain/errors.ts';
import type { CivilStatusAdapter, RequestContext } from '../contract.ts';
import { callWithCredential, CREDENTIAL_REJECTED } from '../credential-cache.ts';
import { authFailed, createEmitter } from '../events.ts';
import { discard, joinUrl, readText, send, statusError } from '../http.ts';
import type { CallSite } from '../http.ts';
import { defaultSleep } from '../options.ts';
import type { CommonAdapterOptions } from '../options.ts';
import { decode, parseJson, parseWire } from '../payload.ts';
import { classifyError, mapBirthRecord, mapDeathRecord, mapMaritalStatus, mapMarriageRecord } from './map.ts';
import { createSessionSource } from './session.ts';
import { BirthListWireSchema, DeathListWireSchema, EnvelopeSchema, MaritalStatusWireSchema, MarriageListWireSchema } from './wire.ts';

export interface CivilStatusAdapterOptions extends CommonAdapterOptions {
  /** tenDangNhap of the gateway's account on the registry. */
  username: string;
  /** matKhau of that account. */
  password: string;
  /** Log in again this many seconds before the session's hetHan. Default 0 (renew once hetHan is past). */
  sessionRenewalMarginSeconds?: number | undefined;
  /** Budget for one login including its retries, ms. Default 5000. */
  loginTimeoutMs?: number | undefined;
}

interface Answer {
  ketQua: unknown;
  raw: string;
  site: CallSite;
}

export function createCivilStatusAdapter(options: CivilStatusAdapterOptions): CivilStatusAdapter {
  const now = options.now ?? Date.now;
  const emit = createEmitter(options.onEvent);
  const sessions = createSessionSource({
    ...options,
    now,
    emit,
    sleep: options.sleep ?? defaultSleep,
    renewalMarginSeconds: options.sessionRenewalMarginSeconds ?? 0,
    timeoutMs: options.loginTimeoutMs,
  });

  /** GETs one call with the session (logged in again once if it died) and returns ketQua of an OK envelope. */
  async function get(operation: string, path: string, signal: AbortSignal): Promise<Answer> {
    const site: CallSite = { upstream: 'civil-status', operation };
    const url = joinUrl(options.baseUrl, `/hotich/api/${path}`);
    return callWithCredential(sessions, signal, async (phien) => {
      const response = await send(options.fetch, url, { method: 'GET', headers: { 'x-phien': phien, accept: 'application/json' }, signal }, site);
      // A session dies after 15 idle minutes or at any moment: 401 HT401 means log in again and repeat once.
      if (response.status === 401) {
        discard(response);
        return CREDENTIAL_REJECTED;
      }
      const clientError = response.status >= 400 && response.status < 500 && response.status !== 429;
      if (!response.ok && !clientError) {
        discard(response);
        throw statusError(response, site, now());
      }
      const raw = await readText(response, signal, site);
      const envelope = response.ok ? parseWire(EnvelopeSchema, parseJson(raw, site), raw, site) : errorEnvelope(raw);
      if (envelope === undefined) throw statusError(response, site, now());
      if (envelope.trangThai === 'OK') return { ketQua: envelope.ketQua, raw, site };
      if (envelope.maLoi === 'HT401') return CREDENTIAL_REJECTED;
      throw classifyError(envelope.maLoi, envelope.thongBao, operation);
    }, () => {
      const error = new UnauthorizedError('The civil-status registry refused a fresh session', { upstream: 'civil-status', context: { operation } });
      emit(authFailed('civil-status', now(), error));
      return error;
    });
  }

  const query = (personalId: string): string => `?soDinhDanh=${encodeURIComponent(personalId)}`;

  const adapter = {
    upstream: 'civil-status' as const,

    /** Forces a login (joins one in flight); throws UnauthorizedError or TransientError. */
    async checkCredentials(signal: AbortSignal): Promise<void> {
      await sessions.refresh(signal);
    },

    async findBirths(personalId: string, request: RequestContext): Promise<BirthRecord[]> {
      const { ketQua, raw, site } = await get('khai-sinh', `khai-sinh${query(personalId)}`, request.signal);
      return decode(BirthListWireSchema, ketQua, raw, site, (records) => records.map(mapBirthRecord));
    },

    async findMarriages(personalId: string, request: RequestContext): Promise<MarriageRecord[]> {
      const { ketQua, raw, site } = await get('ket-hon', `ket-hon${query(personalId)}`, request.signal);
      return decode(MarriageListWireSchema, ketQua, raw, site, (records) => records.map(mapMarriageRecord));
    },

    async findDeaths(personalId: string, request: RequestContext): Promise<DeathRecord[]> {
      const { ketQua, raw, site } = await get('khai-tu', `khai-tu${query(personalId)}`, request.signal);
      return decode(DeathListWireSchema, ketQua, raw, site, (records) => records.map(mapDeathRecord));
    },

    async maritalStatus(personalId: string, request: RequestContext): Promise<MaritalStatus> {
      const path = `tinh-trang-hon-nhan/${encodeURIComponent(personalId)}`;
      const { ketQua, raw, site } = await get('tinh-trang-hon-nhan', path, request.signal);
      return decode(MaritalStatusWireSchema, ketQua, raw, site, (wire) => mapMaritalStatus(personalId, wire));
    },
  } satisfies CivilStatusAdapter;
  return adapter;
}

/** A 4xx body that carries the registry's LOI envelope is classified by maLoi; any other 4xx body by its status. */
function errorEnvelope(raw: string): { trangThai: 'LOI'; maLoi: string; thongBao?: string | null | undefined } | undefined {
  try {
    const parsed = EnvelopeSchema.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data.trangThai === 'LOI' ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
