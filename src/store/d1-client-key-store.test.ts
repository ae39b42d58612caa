// The ClientKeyStore suite on D1 served by workerd (Miniflare), offline, and writes from several isolates at once.
import { afterAll, describe, expect, it } from 'vitest';
import { createClientKey, revokeClientKey, rotateClientKey } from '../keys/manage.ts';
import { clientKeyStoreSuite } from './client-key-store.suite.ts';
import { createD1ClientKeyStore } from './d1-client-key-store.ts';
import { startTestD1 } from './d1-test-support.ts';

const d1 = startTestD1();
afterAll(() => d1.close());

clientKeyStoreSuite('D1 (workerd)', async () => createD1ClientKeyStore(await d1.fresh()));

describe('D1 client keys under concurrent isolates', () => {
  const request = { client: 'UBND xã Sơn Thủy', communes: ['21085'], scopes: [] };

  it('rotate a key into one successor when two rotations of it arrive at the same moment', async () => {
    const db = await d1.fresh();
    const [cli, other] = [createD1ClientKeyStore(db), createD1ClientKeyStore(db)];
    const { record } = await createClientKey(cli, request, 1);
    const rotations = await Promise.all([rotateClientKey(cli, record.id, 60_000, 2), rotateClientKey(other, record.id, 60_000, 2)]);
    expect(rotations.filter((rotation) => rotation !== undefined)).toHaveLength(1);
    expect(await cli.list()).toHaveLength(2);
    expect((await cli.get(record.id))?.replacedBy).toBe(rotations.find((rotation) => rotation !== undefined)!.record.id);
  });

  it('move the version another isolate reads with every change, and not with a write that changed nothing', async () => {
    const db = await d1.fresh();
    const [cli, gateway] = [createD1ClientKeyStore(db), createD1ClientKeyStore(db)];
    const before = await gateway.version();
    const { record } = await createClientKey(cli, request, 1);
    const created = await gateway.version();
    expect(created).not.toBe(before);
    expect(await revokeClientKey(cli, record.id, 2)).toBe(true);
    const revoked = await gateway.version();
    expect(revoked).not.toBe(created);
    expect(await revokeClientKey(cli, record.id, 3)).toBe(false);
    expect(await rotateClientKey(cli, record.id, 60_000, 3)).toBeUndefined();
    expect(await gateway.version()).toBe(revoked);
    expect((await gateway.get(record.id))?.revokedAt).toBe(2);
  });
});
