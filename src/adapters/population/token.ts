// The population system's OAuth2 client-credentials token (WSO2-style `POST /token`), cached and shared.
import { UnauthorizedError } from '../../domain/errors.ts';
import { acquireWithRetry } from '../acquire.ts';
import type { FetchLike } from '../contract.ts';
import { createCredentialCache } from '../credential-cache.ts';
import type { AcquireReason, Credential, CredentialCache } from '../credential-cache.ts';
import { authFailed } from '../events.ts';
import type { AdapterEventListener } from '../events.ts';
import { basicAuth, discard, joinUrl, readText, send, statusError } from '../http.ts';
import type { Sleep } from '../options.ts';
import { upstreamCode } from '../log-safe.ts';
import { parseJson, parseWire } from '../payload.ts';
import { TokenResponseSchema } from './wire.ts';

export interface TokenSourceOptions {
  baseUrl: string;
  fetch: FetchLike;
  clientId: string;
  clientSecret: string;
  now: () => number;
  sleep: Sleep;
  emit: AdapterEventListener;
  /** Renew this many seconds before `expires_in` runs out (at most half the lifetime). */
  renewalMarginSeconds: number;
  /** Budget for one token acquisition including its retries, ms. */
  timeoutMs?: number | undefined;
}

const site = { upstream: 'population', operation: 'token' } as const;

/** A credential cache whose acquisition is `POST /token` with its own short retry. */
export function createTokenSource(options: TokenSourceOptions): CredentialCache {
  const authorization = basicAuth(options.clientId, options.clientSecret);

  async function requestToken(signal: AbortSignal): Promise<{ token: string; expiresInSeconds: number }> {
    const response = await send(options.fetch, joinUrl(options.baseUrl, '/token'), {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
      signal,
    }, site);
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      const raw = await readText(response, signal, site).catch(() => '');
      const code = /"error"\s*:\s*"([\w-]+)"/.exec(raw)?.[1];
      const error = code === undefined ? undefined : upstreamCode(code);
      throw new UnauthorizedError('The population token endpoint refused our client credentials', {
        upstream: 'population',
        context: { operation: 'token', status: response.status, error },
      });
    }
    if (!response.ok) {
      discard(response);
      throw statusError(response, site, options.now());
    }
    const raw = await readText(response, signal, site);
    const body = parseWire(TokenResponseSchema, parseJson(raw, site), raw, site);
    return { token: body.access_token, expiresInSeconds: body.expires_in };
  }

  // Bounded by the caller that started it (`signal`), not only by its own budget: see createCredentialCache.
  async function acquire(reason: AcquireReason, signal?: AbortSignal): Promise<Credential> {
    try {
      const { token, expiresInSeconds } = await acquireWithRetry(requestToken, { upstream: 'population', what: 'token', sleep: options.sleep, timeoutMs: options.timeoutMs, signal });
      const atMs = options.now();
      const type = reason === 'rejected' ? 'token-refreshed-after-401' : 'token-fetched';
      options.emit({ type, upstream: 'population', atMs, expiresInSeconds });
      const marginSeconds = Math.min(options.renewalMarginSeconds, expiresInSeconds / 2);
      return { value: token, renewAtMs: atMs + (expiresInSeconds - marginSeconds) * 1000 };
    } catch (error) {
      if (!signal?.aborted) options.emit(authFailed('population', options.now(), error));
      throw error;
    }
  }

  return createCredentialCache({ acquire, now: options.now });
}
