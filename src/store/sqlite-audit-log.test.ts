// The audit chain on its real store: the shared suite, then tampering with the file the way an insider would.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointMessage } from '../audit/checkpoint.ts';
import { canonicalRow } from '../audit/record.ts';
import { verifyAuditLog } from '../audit/verify.ts';
import { ed25519Signer, newEd25519Key, sha256Chain } from '../runtime/audit-crypto.ts';
import { auditLogSuite, auditRow } from './audit-log.suite.ts';
import { createSqliteAuditLog } from './sqlite-audit-log.ts';
import { openSqlite } from './sqlite.ts';

const folder = mkdtempSync(join(tmpdir(), 'gateway-audit-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

auditLogSuite('SQLite (WAL file)', async () => createSqliteAuditLog({ path: join(folder, `audit-${++files}.sqlite`), hasher: sha256Chain }));

/** A log of ten rows in a file of its own, and a raw connection to tamper with it. */
async function tenRowLog() {
  const path = join(folder, `tamper-${++files}.sqlite`);
  const store = createSqliteAuditLog({ path, hasher: sha256Chain });
  await store.append(Array.from({ length: 10 }, (_, index) => auditRow(index + 1)));
  const db = openSqlite({ path });
  db.exec('DROP TRIGGER audit_log_append_only');
  return { store, db, verify: () => verifyAuditLog(store, { hasher: sha256Chain, pageRows: 3 }) };
}

describe('the audit chain names the first broken row', () => {
  it('of an edited row', async () => {
    const { store, db, verify } = await tenRowLog();
    db.prepare("UPDATE audit_log SET outcome = 'not-found' WHERE seq = 4").run();
    expect(await verify()).toMatchObject({ ok: false, seq: 4 });
    await store.close();
  });

  it('of a deleted row', async () => {
    const { store, db, verify } = await tenRowLog();
    db.prepare('DELETE FROM audit_log WHERE seq = 6').run();
    expect(await verify()).toMatchObject({ ok: false, seq: 6, reason: expect.stringContaining('missing') });
    await store.close();
  });

  it('of an inserted row, whether renumbered into the middle or added at the end', async () => {
    const { store, db, verify } = await tenRowLog();
    const fourth = (await store.page(3, 1))[0]!;
    // Make room at 5 (shift 5…10 up by one, from the top so the key never collides) and put a forged row there.
    for (let seq = 10; seq >= 5; seq -= 1) db.prepare('UPDATE audit_log SET seq = seq + 1 WHERE seq = ?').run(seq);
    const forged = { ...fourth, seq: 5, requestId: 'forged' };
    db.prepare('INSERT INTO audit_log (seq, at, client, commune_code, officer_ref, purpose, case_id, operation, subject_ref, outcome, freshness, request_id, hash) SELECT 5, at, client, commune_code, officer_ref, purpose, case_id, operation, subject_ref, outcome, freshness, ?, ? FROM audit_log WHERE seq = 4')
      .run('forged', sha256Chain(fourth.hash, canonicalRow(forged)));
    // The forger linked the new row to row 4 correctly; the chain breaks where the displaced row no longer links.
    expect(await verify()).toMatchObject({ ok: false, seq: 6 });
    await store.close();

    const appended = await tenRowLog();
    appended.db.prepare("INSERT INTO audit_log SELECT 11, at, client, commune_code, officer_ref, purpose, case_id, operation, subject_ref, outcome, freshness, 'late', hash FROM audit_log WHERE seq = 10").run();
    expect(await appended.verify()).toMatchObject({ ok: false, seq: 11 });
    await appended.store.close();
  });

  it('of two rows swapped', async () => {
    const { store, db, verify } = await tenRowLog();
    db.exec('UPDATE audit_log SET seq = -1 WHERE seq = 7; UPDATE audit_log SET seq = 7 WHERE seq = 8; UPDATE audit_log SET seq = 8 WHERE seq = -1');
    expect(await verify()).toMatchObject({ ok: false, seq: 7 });
    await store.close();
  });

  it('of a chain rewritten with recomputed hashes, by its signed checkpoint', async () => {
    const { store, db } = await tenRowLog();
    const signer = ed25519Signer(newEd25519Key().privateKeyBase64);
    const head = await store.head();
    await store.addCheckpoint({ seq: head.seq, hash: head.hash, at: 1, keyId: signer.keyId, signature: signer.sign(checkpointMessage(head.seq, head.hash, 1)) });
    expect(await verifyAuditLog(store, { hasher: sha256Chain, signer })).toMatchObject({ ok: true, rows: 10, checkpointsVerified: 1 });
    // The insider edits row 3 and recomputes every hash after it: the chain alone is consistent again.
    db.prepare("UPDATE audit_log SET outcome = 'not-found' WHERE seq = 3").run();
    let previous = (await store.page(1, 1))[0]!.hash;
    for (const row of await store.page(2, 100)) {
      previous = sha256Chain(previous, canonicalRow(row));
      db.prepare('UPDATE audit_log SET hash = ? WHERE seq = ?').run(previous, row.seq);
    }
    expect(await verifyAuditLog(store, { hasher: sha256Chain })).toMatchObject({ ok: true });
    expect(await verifyAuditLog(store, { hasher: sha256Chain, signer })).toMatchObject({ ok: false, seq: 10, reason: expect.stringContaining('checkpoint') });
    await store.close();
  });

  it('of rows cut off the end, when a signed checkpoint names a later row', async () => {
    const { store, db } = await tenRowLog();
    const signer = ed25519Signer(newEd25519Key().privateKeyBase64);
    const head = await store.head();
    await store.addCheckpoint({ seq: head.seq, hash: head.hash, at: 1, keyId: signer.keyId, signature: signer.sign(checkpointMessage(head.seq, head.hash, 1)) });
    db.prepare('DELETE FROM audit_log WHERE seq >= 9').run();
    expect(await verifyAuditLog(store, { hasher: sha256Chain, signer })).toMatchObject({ ok: false, seq: 9 });
    await store.close();
  });

  it('of a checkpoint whose signature was forged', async () => {
    const { store } = await tenRowLog();
    const signer = ed25519Signer(newEd25519Key().privateKeyBase64);
    const head = await store.head();
    await store.addCheckpoint({ seq: head.seq, hash: head.hash, at: 1, keyId: signer.keyId, signature: Buffer.alloc(64).toString('base64') });
    expect(await verifyAuditLog(store, { hasher: sha256Chain, signer })).toMatchObject({ ok: false, seq: 10, reason: expect.stringContaining('signature') });
    await store.close();
  });
});

describe('SQLite audit log', () => {
  it('refuses an UPDATE while its append-only trigger is in place', async () => {
    const path = join(folder, `trigger-${++files}.sqlite`);
    const store = createSqliteAuditLog({ path, hasher: sha256Chain });
    await store.append([auditRow(1)]);
    const db = openSqlite({ path });
    expect(() => db.prepare("UPDATE audit_log SET outcome = 'x'").run()).toThrow(/append-only/);
    db.close();
    await store.close();
  });

  it('extends one chain when two connections append to the same file in turn', async () => {
    const path = join(folder, `shared-${++files}.sqlite`);
    const a = createSqliteAuditLog({ path, hasher: sha256Chain });
    const b = createSqliteAuditLog({ path, hasher: sha256Chain });
    for (let index = 1; index <= 6; index += 1) await (index % 2 === 0 ? a : b).append([auditRow(index)]);
    expect(await verifyAuditLog(a, { hasher: sha256Chain })).toMatchObject({ ok: true, rows: 6 });
    await a.close();
    await b.close();
  });
});

describe('appending a large batch', () => {
  it('stores every row of a 150-row batch, in order, on a chain that verifies', async () => {
    const store = createSqliteAuditLog({ path: join(folder, `batch-${++files}.sqlite`), hasher: sha256Chain });
    const rows = Array.from({ length: 150 }, (_, index) => auditRow(index + 1));
    const head = await store.append(rows);
    const stored = await store.page(0, 1_000);
    expect(head.seq).toBe(150);
    expect(stored.map((row) => row.requestId)).toEqual(rows.map((row) => row.requestId));
    expect(stored.at(-1)!.hash).toBe(head.hash);
    expect(await verifyAuditLog(store, { hasher: sha256Chain })).toMatchObject({ ok: true, rows: 150 });
    await store.close();
  });
});

describe('the chain hash', () => {
  it('is the SHA-256 of the previous hash\'s raw bytes followed by the row\'s canonical text in UTF-8', () => {
    const previous = 'ab'.repeat(32);
    const canonical = '[1,"Xã Sơn Thủy"]';
    const expected = createHash('sha256').update(Buffer.from(previous, 'hex')).update(canonical, 'utf8').digest('hex');
    expect(sha256Chain(previous, canonical)).toBe(expected);
  });
});
