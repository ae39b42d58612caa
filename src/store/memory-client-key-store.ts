// ClientKeyStore in memory, for tests.
import type { ClientKeyStore, StoredClientKey } from '../keys/store.ts';

export function createMemoryClientKeyStore(): ClientKeyStore {
  const keys = new Map<string, StoredClientKey>();
  let version = 0;
  return {
    async insert(key) {
      if (keys.has(key.id) || [...keys.values()].some((known) => known.keySha256 === key.keySha256)) throw new Error(`key ${key.id} exists`);
      keys.set(key.id, { ...key });
      version += 1;
    },
    async get(id) {
      const key = keys.get(id);
      return key ? { ...key } : undefined;
    },
    async list() {
      return [...keys.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)).map((key) => ({ ...key }));
    },
    async rotate(id, successor, expiresAt) {
      const old = keys.get(id);
      if (!old || old.revokedAt !== null || old.replacedBy !== null) return false;
      keys.set(id, { ...old, expiresAt: Math.min(old.expiresAt ?? expiresAt, expiresAt), replacedBy: successor.id });
      keys.set(successor.id, { ...successor });
      version += 1;
      return true;
    },
    async revoke(id, at) {
      const key = keys.get(id);
      if (!key || key.revokedAt !== null) return false;
      keys.set(id, { ...key, revokedAt: at });
      version += 1;
      return true;
    },
    async version() {
      return version;
    },
    async close() {},
  };
}
