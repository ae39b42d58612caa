// The one ClientKeyStore conformance suite, run against every implementation (memory, SQLite, PostgreSQL), together with the
// operations `npm run keys` performs on it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../keys/sha256.ts';
import { createClientKey, revokeClientKey, rotateClientKey } from '../keys/manage.ts';
import { isActive, type ClientKeyStore } from '../keys/store.ts';

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);
const HOUR = 3_600_000;
const request = { client: 'UBND xã Sơn Thủy', communes: ['21085'], scopes: ['religion'] };

/**
 * `openPair`, for stores several processes share: two stores on one database (a CLI and a gateway, two instances),
 * for the test that a write through one moves the version the other reads.
 */
export function clientKeyStoreSuite(name: string, open: () => Promise<ClientKeyStore>, openPair?: () => Promise<[ClientKeyStore, ClientKeyStore]>): void {
  describe(`ClientKeyStore: ${name}`, () => {
    if (openPair) it('shows a write through one store in the version another on the same database reads', async () => {
      const [cli, gateway] = await openPair();
      const before = await gateway.version();
      const { record } = await createClientKey(cli, { client: 'c', communes: ['21085'], scopes: [] }, 1);
      expect(await gateway.version()).not.toBe(before);
      const afterCreate = await gateway.version();
      await revokeClientKey(cli, record.id, 2);
      expect(await gateway.version()).not.toBe(afterCreate);
      expect((await gateway.get(record.id))?.revokedAt).toBe(2);
      await cli.close();
      await gateway.close();
    });

    let store: ClientKeyStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores a created key as its hash only, and lists it', async () => {
      const { key, record } = await createClientKey(store, request, T0);
      expect(key).toMatch(/^cgk_[A-Za-z0-9_-]{43}$/);
      expect(record.keySha256).toBe(await sha256Hex(key));
      const listed = await store.list();
      expect(listed).toEqual([record]);
      expect(JSON.stringify(listed)).not.toContain(key);
      expect(listed[0]).toMatchObject({ client: request.client, communes: ['21085'], scopes: ['religion'], prefix: key.slice(0, 10), revokedAt: null });
    });

    it('changes its version with every write', async () => {
      const versions = [await store.version()];
      const { record } = await createClientKey(store, request, T0);
      versions.push(await store.version());
      await rotateClientKey(store, record.id, HOUR, T0);
      versions.push(await store.version());
      await revokeClientKey(store, record.id, T0);
      versions.push(await store.version());
      expect(new Set(versions).size).toBe(4);
    });

    it('rotates a key into a new one for the same client, keeping the old one for the grace period', async () => {
      const { record: old } = await createClientKey(store, request, T0);
      const rotated = await rotateClientKey(store, old.id, 2 * HOUR, T0 + HOUR);
      expect(rotated?.record).toMatchObject({ client: request.client, communes: ['21085'], scopes: ['religion'], expiresAt: null });
      const stored = (await store.get(old.id))!;
      expect(stored).toMatchObject({ expiresAt: T0 + 3 * HOUR, replacedBy: rotated!.record.id });
      expect(isActive(stored, T0 + 3 * HOUR - 1)).toBe(true);
      expect(isActive(stored, T0 + 3 * HOUR)).toBe(false);
      expect(await rotateClientKey(store, old.id, HOUR, T0 + HOUR)).toBeUndefined();
      expect(await rotateClientKey(store, 'k_nope', HOUR, T0)).toBeUndefined();
    });

    it('revokes a key at once, once', async () => {
      const { record } = await createClientKey(store, request, T0);
      expect(await revokeClientKey(store, record.id, T0 + 5)).toBe(true);
      expect(await revokeClientKey(store, record.id, T0 + 6)).toBe(false);
      expect(await revokeClientKey(store, 'k_nope', T0)).toBe(false);
      const stored = (await store.get(record.id))!;
      expect(stored.revokedAt).toBe(T0 + 5);
      expect(isActive(stored, T0 + 5)).toBe(false);
    });
  });
}
