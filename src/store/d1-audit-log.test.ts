// The AuditLogStore suite on D1 served by workerd (Miniflare), offline, and appends from several isolates at once.
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../audit/verify.ts';
import { sha256Chain } from '../runtime/audit-crypto.ts';
import { auditLogSuite, auditRow } from './audit-log.suite.ts';
import { AUDIT_SQL } from './audit-rows.ts';
import { createD1AuditLog } from './d1-audit-log.ts';
import { startTestD1 } from './d1-test-support.ts';

const d1 = startTestD1();
afterAll(() => d1.close());

auditLogSuite('D1 (workerd)', async () => createD1AuditLog(await d1.fresh(), sha256Chain));

describe('D1 audit log under concurrent isolates', () => {
  it('extends one chain when isolates of their own append to one database at the same moment', async () => {
    const db = await d1.fresh();
    const isolates = Array.from({ length: 4 }, () => createD1AuditLog(db, sha256Chain));
    await Promise.all(Array.from({ length: 12 }, (_, index) => isolates[index % 4]!.append([auditRow(index + 1)])));
    const reader = createD1AuditLog(db, sha256Chain);
    expect(await verifyAuditLog(reader, { hasher: sha256Chain })).toMatchObject({ ok: true, rows: 12, firstSeq: 1, lastSeq: 12 });
    expect(new Set((await reader.page(0, 100)).map((row) => row.requestId)).size).toBe(12);
  });

  it('keeps the anchor at the newer cut when an older prune finishes after a newer one', async () => {
    const db = await d1.fresh();
    const store = createD1AuditLog(db, sha256Chain);
    await store.append(Array.from({ length: 8 }, (_, index) => auditRow(index + 1)));
    const [, , third, , , sixth] = await store.page(0, 8);
    // The two prunes' batches, run in the unlucky order: the one cutting at row 6 first, then the one cutting at row 3.
    await store.prune(sixth!.at + 1);
    await db.batch([
      db.prepare('DELETE FROM audit_log WHERE seq <= ?').bind(3),
      db.prepare('DELETE FROM audit_checkpoints WHERE seq <= ?').bind(3),
      db.prepare(AUDIT_SQL.setAnchor).bind(3, third!.hash),
    ]);
    expect(await store.anchor()).toEqual({ seq: 6, hash: sixth!.hash });
    expect(await verifyAuditLog(store, { hasher: sha256Chain })).toMatchObject({ ok: true, rows: 2, firstSeq: 7 });
  });

  it('refuses an UPDATE of a row, as the SQLite file does', async () => {
    const db = await d1.fresh();
    await createD1AuditLog(db, sha256Chain).append([auditRow(1)]);
    await expect(db.prepare("UPDATE audit_log SET outcome = 'x'").run()).rejects.toThrow(/append-only/);
  });
});
