// Keys kept in the store reach the auth middleware through a KeyDirectory; a change of its version (a key
// created, rotated out or revoked on any instance) must drop every remembered key → client answer.
import { describe, expect, it } from 'vitest';
import type { Adapters } from '../adapters/contract.ts';
import { createApp } from './app.ts';
import { type KeyDirectory } from './auth.ts';
import { sha256Hex } from '../keys/sha256.ts';
import type { ApiClient, Logger, Services, UpstreamCaller } from './services.ts';

const STORE_KEY = 'cgk_store-key-0123456789abcdef';
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
const unused: UpstreamCaller = { deadlineMs: () => 1000, execute: async () => { throw new Error('unused'); } };

async function appWithDirectory() {
  const client: ApiClient = { name: 'UBND xã Sơn Thủy', keySha256: await sha256Hex(STORE_KEY), communes: ['21085'], mayReadReligion: false };
  const keys = new Map([[client.keySha256, client]]);
  let version = 1;
  const directory: KeyDirectory = { byKeyHash: (hash) => keys.get(hash), version: () => version };
  const services: Services = {
    adapters: {} as Adapters,
    upstreams: { population: unused, 'civil-status': unused, land: unused },
    clients: [],
    logger: silent, now: Date.now, newId: () => 'req-00000001', maxRequestTimeoutMs: 5000,
    keyDirectory: directory,
  };
  const app = createApp(services);
  const call = async () => (await app.request('/v1/incidents', { headers: { Authorization: `Bearer ${STORE_KEY}` } })).status;
  const revoke = () => {
    keys.clear();
    version += 1;
  };
  return { call, revoke };
}

describe('API keys kept in the store', () => {
  it('are accepted beside the configured ones', async () => {
    const { call } = await appWithDirectory();
    expect(await call()).not.toBe(401);
  });

  it('are refused on the next request once the directory reports a change, though the key was remembered', async () => {
    const { call, revoke } = await appWithDirectory();
    expect(await call()).not.toBe(401);
    expect(await call()).not.toBe(401);
    revoke();
    expect(await call()).toBe(401);
  });
});
