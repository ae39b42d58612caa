// API-key authentication: `Authorization: Bearer <key>`, compared by SHA-256 so keys are never stored.
import type { Context, MiddlewareHandler, Next } from 'hono';
import { sha256Hex } from '../keys/sha256.ts';
import type { GatewayEnv } from './env.ts';
import { sendProblem } from './errors.ts';
import { problem } from './problems.ts';
import type { ApiClient } from './services.ts';

const MEMO_LIMIT = 1_000;

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined. The scheme is matched in any letter case:
 * RFC 9110 (section 11.1) makes auth schemes case-insensitive, and some HTTP clients send `bearer`.
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.charAt(6) !== ' ') return undefined;
  const scheme = header.slice(0, 6);
  if (scheme !== 'Bearer' && scheme.toLowerCase() !== 'bearer') return undefined;
  return header.slice(7).trim() || undefined;
}

/** Keys kept in the store (src/keys/directory.ts): a synchronous snapshot, and a number that changes with it. */
export interface KeyDirectory {
  byKeyHash(keySha256: string): ApiClient | undefined;
  /** Changes whenever a key is added, rotated out, expires or is revoked (on any instance). */
  version(): number;
}

export function createAuth(clients: readonly ApiClient[], directory?: KeyDirectory): MiddlewareHandler<GatewayEnv> {
  const byHash = new Map(clients.map((client) => [client.keySha256, client]));
  let seenVersion = directory?.version();
  // Hashing every request costs more than the lookup it guards; remember recent keys (bounded).
  const memo = new Map<string, ApiClient | null>();
  // Not async: on a remembered key that saves a promise and a frame per request.
  return function auth(c, next) {
    const key = bearerToken(c.req.header('authorization'));
    if (!key) return refuse(c, 'missing-credentials');
    // A revoked or rotated-out store key must not live on in the memo: forget everything when the keys change.
    if (directory !== undefined && directory.version() !== seenVersion) {
      memo.clear();
      seenVersion = directory.version();
    }
    const known = memo.get(key);
    if (known !== undefined) return admit(c, next, known);
    return sha256Hex(key).then((hash) => {
      const client = byHash.get(hash) ?? directory?.byKeyHash(hash) ?? null;
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(key, client);
      return admit(c, next, client);
    });
  };
}

function admit(c: Context<GatewayEnv>, next: Next, client: ApiClient | null): Promise<Response | void> {
  if (!client) return refuse(c, 'invalid-credentials');
  c.set('client', client);
  return next();
}

function refuse(c: Context<GatewayEnv>, code: 'missing-credentials' | 'invalid-credentials'): Promise<Response> {
  const challenge = code === 'missing-credentials' ? 'Bearer' : 'Bearer error="invalid_token"';
  return Promise.resolve(sendProblem(c, problem(code, c.get('language')), { 'WWW-Authenticate': challenge }));
}
