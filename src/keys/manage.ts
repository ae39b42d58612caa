// What `npm run keys` does: make a key (printed once, stored as its SHA-256), rotate it with a grace period,
// revoke it. Web Crypto only, so the same functions could serve an admin route later.
import { sha256Hex } from './sha256.ts';
import { isActive, type ClientKeyStore, type StoredClientKey } from './store.ts';

export interface NewKeyRequest {
  client: string;
  communes: string[];
  scopes: string[];
  /** Epoch ms; absent = no end. */
  expiresAt?: number | null;
}

export interface IssuedKey {
  /** The API key itself; exists only in this value. */
  key: string;
  record: StoredClientKey;
}

function randomText(bytes: number): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...random)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function issue(request: NewKeyRequest, now: number): Promise<IssuedKey> {
  // 32 random bytes: guessing is hopeless, so one unsalted SHA-256 (what the auth middleware compares) suffices.
  const key = `cgk_${randomText(32)}`;
  const record: StoredClientKey = {
    id: `k_${randomText(6)}`, client: request.client, communes: [...request.communes], scopes: [...request.scopes],
    keySha256: await sha256Hex(key), prefix: key.slice(0, 10), createdAt: now, expiresAt: request.expiresAt ?? null, revokedAt: null, replacedBy: null,
  };
  return { key, record };
}

export async function createClientKey(store: ClientKeyStore, request: NewKeyRequest, now: number): Promise<IssuedKey> {
  const issued = await issue(request, now);
  await store.insert(issued.record);
  return issued;
}

/** A new key for the same client, communes and scopes; the old one keeps working for `graceMs`. */
export async function rotateClientKey(store: ClientKeyStore, id: string, graceMs: number, now: number): Promise<IssuedKey | undefined> {
  const old = await store.get(id);
  if (!old || !isActive(old, now)) return undefined;
  const issued = await issue({ client: old.client, communes: old.communes, scopes: old.scopes }, now);
  return (await store.rotate(id, issued.record, now + graceMs)) ? issued : undefined;
}

export function revokeClientKey(store: ClientKeyStore, id: string, now: number): Promise<boolean> {
  return store.revoke(id, now);
}
