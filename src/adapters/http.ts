// Shared HTTP plumbing: send one request and classify what can go wrong on the wire.
import { TransientError } from '../domain/errors.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { FetchLike, UpstreamRequestInit, UpstreamResponse } from './contract.ts';
import { parseRetryAfter } from '../domain/retry-after.ts';

/** Which upstream and operation a request belongs to; used in error messages and context (never personal data). */
export interface CallSite {
  upstream: UpstreamName;
  operation: string;
}

/** Failures to connect at all (undici's and Node's codes): the request never reached the upstream. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function neverConnected(error: unknown): boolean {
  for (let cause = error, depth = 0; cause !== undefined && cause !== null && depth < 4; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_CONNECTED.has(code)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Sends one request. A network failure (reset, DNS, refused) becomes a TransientError (`notPerformed` when the
 * connection was never made); an abort by `init.signal` re-throws the signal's own reason, so the caller's timeout
 * policy recognises its own abort.
 */
export async function send(fetch: FetchLike, url: string, init: UpstreamRequestInit, site: CallSite): Promise<UpstreamResponse> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (init.signal.aborted) throw init.signal.reason;
    throw new TransientError(`${site.upstream} could not be reached (${site.operation})`, {
      upstream: site.upstream,
      cause: error,
      context: { operation: site.operation },
      notPerformed: neverConnected(error),
    });
  }
}

/** Reads the whole body; a body cut off mid-way becomes a TransientError, an abort re-throws the signal's reason. */
export async function readText(response: UpstreamResponse, signal: AbortSignal, site: CallSite): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new TransientError(`${site.upstream} answer was cut off while being read (${site.operation})`, {
      upstream: site.upstream,
      cause: error,
      context: { operation: site.operation, status: response.status },
    });
  }
}

/** Releases a body we will not read, so the connection goes back to the pool. */
export function discard(response: UpstreamResponse): void {
  response.body?.cancel().catch(() => undefined);
}

/**
 * The error for an HTTP status a call did not expect: always transient (429, 5xx, or the upstream misbehaving),
 * with `retryAfterSeconds` from `Retry-After` when present. 429 and 503 say the request was refused, not performed;
 * a 500, 502 or 504 may come after the upstream did the work (a proxy timing out in front of it).
 */
export function statusError(response: UpstreamResponse, site: CallSite, nowMs: number, context: Record<string, unknown> = {}): TransientError {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), nowMs);
  const what = response.status === 429 ? 'asked us to slow down' : `answered HTTP ${response.status}`;
  return new TransientError(`${site.upstream} ${what} (${site.operation})`, {
    upstream: site.upstream,
    retryAfterSeconds,
    context: { operation: site.operation, status: response.status, ...context },
    notPerformed: response.status === 429 || response.status === 503,
  });
}

/** `Authorization: Basic …` with the UTF-8 bytes of `user:password` (RFC 7617), using only Web APIs. */
export function basicAuth(user: string, password: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(`${user}:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** Appends an absolute path to a base URL, keeping any path prefix the base URL has. */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}
