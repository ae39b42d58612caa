// The population adapter: OAuth2 token, JSON calls to tra-cuu / xac-thuc, results mapped to canonical objects.
import type { Citizen, IdentityCheck, IdentitySubject } from '../../domain/citizen.ts';
import { toVietnameseDate } from '../../domain/dates.ts';
import { UnauthorizedError } from '../../domain/errors.ts';
import type { PopulationAdapter, RequestContext } from '../contract.ts';
import { callWithCredential, CREDENTIAL_REJECTED } from '../credential-cache.ts';
import { authFailed, createEmitter } from '../events.ts';
import { discard, joinUrl, readText, send, statusError } from '../http.ts';
import type { CallSite } from '../http.ts';
import { defaultSleep } from '../options.ts';
import type { CommonAdapterOptions } from '../options.ts';
import { decode, parseJson, parseWire } from '../payload.ts';
import { classifyResult, mapCitizen, mapIdentityCheck } from './map.ts';
import { CitizenWireSchema, EnvelopeSchema, IdentityCheckWireSchema } from './wire.ts';
import { createTokenSource } from './token.ts';

export interface PopulationAdapterOptions extends CommonAdapterOptions {
  /** OAuth2 client id, sent with the secret as HTTP Basic to `POST /token`. */
  clientId: string;
  clientSecret: string;
  /** Renew the token this many seconds before `expires_in` runs out (at most half its lifetime). Default 60. */
  tokenRenewalMarginSeconds?: number | undefined;
  /** Budget for one token acquisition including its retries, ms. Default 5000. */
  tokenTimeoutMs?: number | undefined;
}

type Operation = 'tra-cuu' | 'xac-thuc';

export function createPopulationAdapter(options: PopulationAdapterOptions): PopulationAdapter {
  const now = options.now ?? Date.now;
  const emit = createEmitter(options.onEvent);
  const tokens = createTokenSource({
    ...options,
    now,
    emit,
    sleep: options.sleep ?? defaultSleep,
    renewalMarginSeconds: options.tokenRenewalMarginSeconds ?? 60,
    timeoutMs: options.tokenTimeoutMs,
  });

  /** POSTs one business call with the token (renewed once on a 401) and returns duLieu once maKetQua is `00`. */
  async function call(operation: Operation, body: Record<string, string>, signal: AbortSignal): Promise<{ duLieu: unknown; raw: string; site: CallSite }> {
    const site: CallSite = { upstream: 'population', operation };
    const url = joinUrl(options.baseUrl, `/api/dan-cu/v1/cong-dan/${operation}`);
    const response = await callWithCredential(tokens, signal, async (token) => {
      const answer = await send(options.fetch, url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal,
      }, site);
      // WSO2 answers a revoked or expired token with 401 (fault 900901): renew it and repeat the call once.
      if (answer.status !== 401) return answer;
      discard(answer);
      return CREDENTIAL_REJECTED;
    }, () => {
      const error = new UnauthorizedError('The population system refused a freshly fetched token', { upstream: 'population', context: { operation } });
      emit(authFailed('population', now(), error));
      return error;
    });
    if (response.status === 403) {
      discard(response);
      const error = new UnauthorizedError('The population system does not let our client use this API', { upstream: 'population', context: { operation, status: 403 } });
      emit(authFailed('population', now(), error));
      throw error;
    }
    if (response.status !== 200) {
      discard(response);
      throw statusError(response, site, now());
    }
    const raw = await readText(response, signal, site);
    const envelope = parseWire(EnvelopeSchema, parseJson(raw, site), raw, site);
    const error = classifyResult(envelope.maKetQua, envelope.moTa, operation);
    if (error) throw error;
    return { duLieu: envelope.duLieu, raw, site };
  }

  // Exactly the four fields of the wire contract: an upstream written to it may refuse any other (the case id
  // stays in the gateway's own audit log).
  function who(request: RequestContext): Record<string, string> {
    return { maDonVi: request.communeCode, maCanBo: request.officerId, mucDich: request.purpose, maYeuCau: request.requestId };
  }

  const adapter = {
    upstream: 'population' as const,

    /** Forces a token fetch (joins one in flight); throws UnauthorizedError or TransientError. */
    async checkCredentials(signal: AbortSignal): Promise<void> {
      await tokens.refresh(signal);
    },

    async lookupCitizen(personalId: string, request: RequestContext): Promise<Citizen> {
      const { duLieu, raw, site } = await call('tra-cuu', { soDinhDanh: personalId, ...who(request) }, request.signal);
      return decode(CitizenWireSchema, duLieu, raw, site, mapCitizen);
    },

    async verifyIdentity(subject: IdentitySubject, request: RequestContext): Promise<IdentityCheck> {
      const body = {
        soDinhDanh: subject.personalId,
        hoVaTen: subject.fullName,
        ngaySinh: toVietnameseDate(subject.dateOfBirth),
        ...who(request),
      };
      const { duLieu, raw, site } = await call('xac-thuc', body, request.signal);
      return decode(IdentityCheckWireSchema, duLieu, raw, site, mapIdentityCheck);
    },
  } satisfies PopulationAdapter;
  return adapter;
}
