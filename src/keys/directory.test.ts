import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryClientKeyStore } from '../store/memory-client-key-store.ts';
import { startKeyDirectory, type RunningKeyDirectory } from './directory.ts';
import { createClientKey, revokeClientKey, rotateClientKey } from './manage.ts';

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);
let directory: RunningKeyDirectory<string> | undefined;
afterEach(() => directory?.stop());

async function setUp() {
  const store = createMemoryClientKeyStore();
  let clock = T0;
  directory = await startKeyDirectory({
    store, toClient: (key) => key.client, now: () => clock, refreshIntervalMs: 60_000, onError: (error) => { throw error; },
  });
  return { store, directory, advance: (ms: number) => void (clock += ms), at: () => clock };
}

describe('the key directory', () => {
  it('accepts a key created after start once it has refreshed, and bumps its version', async () => {
    const { store, directory } = await setUp();
    const { record } = await createClientKey(store, { client: 'xa-a', communes: ['21085'], scopes: [] }, T0);
    expect(directory.byKeyHash(record.keySha256)).toBeUndefined();
    const before = directory.version();
    await directory.refresh();
    expect(directory.byKeyHash(record.keySha256)).toBe('xa-a');
    expect(directory.version()).toBeGreaterThan(before);
  });

  it('drops a revoked key at its next refresh', async () => {
    const { store, directory } = await setUp();
    const { record } = await createClientKey(store, { client: 'xa-a', communes: ['21085'], scopes: [] }, T0);
    await directory.refresh();
    await revokeClientKey(store, record.id, T0);
    await directory.refresh();
    expect(directory.byKeyHash(record.keySha256)).toBeUndefined();
  });

  it('keeps a rotated key through its grace period and drops it when the period ends, with no write in between', async () => {
    const { store, directory, advance, at } = await setUp();
    const { record } = await createClientKey(store, { client: 'xa-a', communes: ['21085'], scopes: [] }, T0);
    const rotated = (await rotateClientKey(store, record.id, 60_000, at()))!;
    await directory.refresh();
    expect(directory.byKeyHash(record.keySha256)).toBe('xa-a');
    expect(directory.byKeyHash(rotated.record.keySha256)).toBe('xa-a');
    const before = directory.version();
    advance(60_000);
    await directory.refresh();
    expect(directory.byKeyHash(record.keySha256)).toBeUndefined();
    expect(directory.byKeyHash(rotated.record.keySha256)).toBe('xa-a');
    expect(directory.version()).toBeGreaterThan(before);
  });

  it('does not reload, nor change its version, when nothing changed', async () => {
    const { directory } = await setUp();
    const before = directory.version();
    await directory.refresh();
    expect(directory.version()).toBe(before);
  });
});
