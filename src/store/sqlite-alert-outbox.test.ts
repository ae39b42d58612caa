import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertStoreSuite } from '../alerts/alert-store.suite.ts';
import { openSqlite } from './sqlite.ts';
import { createSqliteAlertStore } from './sqlite-alert-outbox.ts';

const folder = mkdtempSync(join(tmpdir(), 'gateway-alerts-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

alertStoreSuite('SQLite (WAL file)', async () => createSqliteAlertStore(openSqlite({ path: join(folder, `alerts-${++files}.sqlite`) })));

describe('SQLite alert store', () => {
  it('keeps pending alerts and the engine state across a reopen of the same file', async () => {
    const path = join(folder, 'reopen.sqlite');
    const first = openSqlite({ path });
    const store = createSqliteAlertStore(first);
    await store.enqueue({
      kind: 'daily-summary', id: 'daily-summary/2025-03-04', day: '2025-03-04', fromMs: 0, toMs: 1, at: 2,
      incidents: [], tickets: null, waiting: [], channels: ['mail'],
    }, ['mail'], 2);
    await store.saveState({ version: 1 }, 2);
    first.close();
    const second = createSqliteAlertStore(openSqlite({ path }));
    expect(await second.list('pending')).toMatchObject([{ id: 'daily-summary/2025-03-04@mail', channel: 'mail' }]);
    expect(await second.loadState()).toEqual({ version: 1 });
  });
});
