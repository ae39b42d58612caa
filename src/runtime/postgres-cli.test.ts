// The operator CLIs (`npm run keys`, `npm run audit`) on a gateway whose stores are in PostgreSQL (store.postgres):
// they work on the rows the instances share, not on an unused SQLite file next to them.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.ts';
import { createPostgresAuditLog } from '../store/postgres-audit-log.ts';
import { createPostgresClientKeyStore } from '../store/postgres-client-key-store.ts';
import { useTestSchemas } from '../store/postgres-test-schemas.ts';
import { auditCli } from './audit-cli.ts';
import { sha256Chain } from './audit-crypto.ts';
import type { CliIo } from './cli-support.ts';
import { keysCli } from './keys-cli.ts';

const schemas = useTestSchemas('cli');

function configOn(schema: string) {
  const config = parseConfig(readFileSync('config/demo.yaml', 'utf8'), 'config/demo.yaml');
  config.queue.databasePath = join(mkdtempSync(join(tmpdir(), 'gateway-cli-')), 'unused.sqlite');
  config.store.postgres = { connectionString: { env: 'GATEWAY_DATABASE_URL' }, schema, maxConnections: 2, leaseMs: 15_000 };
  return config;
}

async function run(command: typeof keysCli, argv: string[], schema: string) {
  let out = '';
  let err = '';
  const io: CliIo = { env: { GATEWAY_DATABASE_URL: schemas.url }, out: (text) => void (out += text), err: (text) => void (err += text) };
  const status = await command(argv, { config: configOn(schema), configFile: 'test' }, io);
  return { status, out, err };
}

describe('the operator CLIs with store.postgres', () => {
  it('create a client key in PostgreSQL, where every instance reads it', async () => {
    const db = await schemas.open();
    const created = await run(keysCli, ['create', '--client', 'UBND xã Sơn Thủy', '--commune', '21085'], db.schema);
    expect(created).toMatchObject({ status: 0, err: '' });
    const keys = await createPostgresClientKeyStore(db.pool).list();
    expect(keys.map((key) => [key.client, key.communes])).toEqual([['UBND xã Sơn Thủy', ['21085']]]);
    expect((await run(keysCli, ['list'], db.schema)).out).toContain('UBND xã Sơn Thủy');
  });

  it("verify and export the instances' audit log in PostgreSQL", async () => {
    const db = await schemas.open();
    const row = { at: Date.now(), client: 'c', communeCode: '21085', officerRef: 'o', purpose: 'p', caseId: null, operation: 'lookupCitizen', subjectRef: 's', outcome: 'ok', freshness: 'fresh', requestId: 'r-1' };
    await createPostgresAuditLog(db.pool, sha256Chain).append([row, { ...row, requestId: 'r-2' }]);
    const verified = await run(auditCli, ['verify'], db.schema);
    expect(verified.out).toMatch(/^OK: 2 rows/);
    expect((await run(auditCli, ['export', '--commune', '21085'], db.schema)).out.trim().split('\n')).toHaveLength(2);
  });
});
