import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healthStoreSuite } from '../health/health-store.suite.ts';
import { openSqlite } from './sqlite.ts';
import { createSqliteHealthStore } from './sqlite-health-store.ts';

const folder = mkdtempSync(join(tmpdir(), 'gateway-health-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

healthStoreSuite('SQLite (WAL file)', async () => createSqliteHealthStore(openSqlite({ path: join(folder, `health-${++files}.sqlite`) })));

describe('SQLite health store', () => {
  it('keeps incidents across a reopen of the same file and creates its tables only once', async () => {
    const path = join(folder, 'reopen.sqlite');
    const first = openSqlite({ path });
    await createSqliteHealthStore(first).writeMinutes([{ upstream: 'land', minute: 60_000, state: 'down', calls: 1, failures: 1, probes: 0, probeFailures: 0 }]);
    first.close();
    const second = createSqliteHealthStore(openSqlite({ path }));
    expect(await second.countMinutes('land', 0, 120_000)).toMatchObject({ down: 1 });
  });
});
