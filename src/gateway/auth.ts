// API-key authentication: `Authorization: Bearer <key>`, compared by SHA-256 so keys are never stored.
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { GatewayEnv } from './env.ts';
import { problem } from './problems.ts';
import type { ApiClient } from './services.ts';

const MEMO_LIMIT = 1_000;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function createAuth(clients: readonly ApiClient[]): MiddlewareHandler<GatewayEnv> {
  const byHash = new Map(clients.map((client) => [client.keySha256, client]));
  // Hashing every request costs more than the lookup it guards; remember recent keys (bounded).
  const memo = new Map<string, ApiClient | null>();
  // Not async: on a remembered key that saves a promise and a frame per request.
  return function auth(c, next) {
    const header = c.req.header('authorization');
    const key = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!key) return refuse(c, 'missing-credentials');
    const known = memo.get(key);
    if (known !== undefined) return admit(c, next, known);
    return sha256Hex(key).then((hash) => {
      const client = byHash.get(hash) ?? null;
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
  c.header('WWW-Authenticate', code === 'missing-credentials' ? 'Bearer' : 'Bearer error="invalid_token"');
  return Promise.resolve(c.json(problem(code, c.get('language')), 401, { 'Content-Type': 'application/problem+json' }));
}
