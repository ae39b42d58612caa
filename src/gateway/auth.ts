// API-key authentication: `Authorization: Bearer <key>`, compared by SHA-256 so keys are never stored.
import type { MiddlewareHandler } from 'hono';
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
  return async function auth(c, next) {
    const language = c.get('language');
    const header = c.req.header('authorization');
    const key = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!key) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json(problem('missing-credentials', language), 401, { 'Content-Type': 'application/problem+json' });
    }
    let client = memo.get(key);
    if (client === undefined) {
      client = byHash.get(await sha256Hex(key)) ?? null;
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(key, client);
    }
    if (!client) {
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      return c.json(problem('invalid-credentials', language), 401, { 'Content-Type': 'application/problem+json' });
    }
    c.set('client', client);
    await next();
  };
}
