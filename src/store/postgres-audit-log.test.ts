// The shared AuditLogStore suite on PostgreSQL, each test in a schema of its own; then the chain as several
// instances extend it, and its append-only guard.
import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../audit/verify.ts';
import { sha256Chain } from '../runtime/audit-crypto.ts';
import { auditLogSuite, auditRow } from './audit-log.suite.ts';
import { createPostgresAuditLog } from './postgres-audit-log.ts';
import { useTestSchemas } from './postgres-test-schemas.ts';

const schemas = useTestSchemas('audit');

auditLogSuite('PostgreSQL', async () => createPostgresAuditLog((await schemas.open()).pool, sha256Chain));

describe('PostgreSQL audit log', () => {
  it('extends ONE chain when three instances append at the same time', async () => {
    const schema = schemas.name();
    const instances = await Promise.all([0, 1, 2].map(() => schemas.open(schema)));
    const stores = instances.map((db) => createPostgresAuditLog(db.pool, sha256Chain));
    await Promise.all(Array.from({ length: 30 }, (_, index) => stores[index % 3]!.append([auditRow(2 * index + 1), auditRow(2 * index + 2)])));
    expect(await stores[0]!.head()).toMatchObject({ seq: 60 });
    expect(await verifyAuditLog(stores[1]!, { hasher: sha256Chain, pageRows: 7 })).toMatchObject({ ok: true, rows: 60, firstSeq: 1, lastSeq: 60 });
  });

  it('appends a batch of many rows in one statement', async () => {
    const store = createPostgresAuditLog((await schemas.open()).pool, sha256Chain);
    await store.append(Array.from({ length: 6_000 }, (_, index) => auditRow(index + 1, { caseId: null, freshness: null })));
    expect(await verifyAuditLog(store, { hasher: sha256Chain })).toMatchObject({ ok: true, rows: 6_000 });
  });

  it('refuses an UPDATE while its append-only trigger is in place', async () => {
    const db = await schemas.open();
    await createPostgresAuditLog(db.pool, sha256Chain).append([auditRow(1)]);
    await expect(db.pool.query("UPDATE audit_log SET outcome = 'x'")).rejects.toThrow(/append-only/);
  });
});
