// The one AuditLogStore conformance suite, run against every implementation (memory, SQLite, PostgreSQL, D1).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRowInput } from '../audit/record.ts';
import type { AuditLogStore } from '../audit/store.ts';
import { verifyAuditLog } from '../audit/verify.ts';
import { sha256Chain } from '../runtime/audit-crypto.ts';

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);
const MINUTE = 60_000;

export function auditRow(index: number, overrides: Partial<AuditRowInput> = {}): AuditRowInput {
  return {
    at: T0 + index * MINUTE, client: 'xa-son-thuy', communeCode: index % 2 === 0 ? '21085' : '21086', officerRef: 'officer-ref',
    purpose: 'dang-ky-khai-sinh', caseId: index % 3 === 0 ? `HS-${index}` : null, operation: 'lookupCitizen',
    subjectRef: `subject-${index % 5}`, outcome: 'answered', freshness: 'fresh', requestId: `req-${index}`, ...overrides,
  };
}

export function auditLogSuite(name: string, open: () => Promise<AuditLogStore>): void {
  describe(`AuditLogStore: ${name}`, () => {
    let store: AuditLogStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('numbers appended rows without gaps and links each to the one before', async () => {
      expect(await store.head()).toEqual({ seq: 0, hash: '0'.repeat(64) });
      const first = await store.append([auditRow(1), auditRow(2)]);
      const second = await store.append([auditRow(3)]);
      expect(first.seq).toBe(2);
      expect(second.seq).toBe(3);
      const rows = await store.page(0, 10);
      expect(rows.map((row) => row.seq)).toEqual([1, 2, 3]);
      expect(rows[2]!.hash).toBe(second.hash);
      expect(rows[0]).toMatchObject({ ...auditRow(1), seq: 1 });
      expect(await verifyAuditLog(store, { hasher: sha256Chain })).toMatchObject({ ok: true, rows: 3, firstSeq: 1, lastSeq: 3 });
    });

    it('appends a large batch whole and in order (stores may insert many rows per statement)', async () => {
      const batch = Array.from({ length: 75 }, (_, index) => auditRow(index + 1));
      expect(await store.append(batch)).toMatchObject({ seq: 75 });
      const rows = await store.page(0, 100);
      expect(rows.map((row) => row.requestId)).toEqual(batch.map((row) => row.requestId));
      expect(rows[74]).toMatchObject({ ...auditRow(75), seq: 75 });
      expect(await verifyAuditLog(store, { hasher: sha256Chain })).toMatchObject({ ok: true, rows: 75, lastSeq: 75 });
    });

    it('extends one chain when several appends arrive at once', async () => {
      const heads = await Promise.all(Array.from({ length: 8 }, (_, index) => store.append([auditRow(2 * index + 1), auditRow(2 * index + 2)])));
      expect(heads.map((head) => head.seq).sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
      expect(await store.head()).toEqual(heads.find((head) => head.seq === 16));
      expect(await verifyAuditLog(store, { hasher: sha256Chain })).toMatchObject({ ok: true, rows: 16, firstSeq: 1, lastSeq: 16 });
    });

    it('pages through rows after a given seq', async () => {
      await store.append(Array.from({ length: 7 }, (_, index) => auditRow(index + 1)));
      expect((await store.page(2, 3)).map((row) => row.seq)).toEqual([3, 4, 5]);
      expect(await verifyAuditLog(store, { hasher: sha256Chain, pageRows: 2 })).toMatchObject({ ok: true, rows: 7 });
    });

    it('finds rows by commune, time range, subject and officer reference', async () => {
      await store.append(Array.from({ length: 10 }, (_, index) => auditRow(index + 1)));
      const byCommune = await store.find({ communeCode: '21085', from: T0 + 3 * MINUTE, to: T0 + 8 * MINUTE }, 0, 100);
      expect(byCommune.map((row) => row.seq)).toEqual([4, 6]);
      expect((await store.find({ subjectRef: 'subject-2' }, 0, 100)).map((row) => row.seq)).toEqual([2, 7]);
      expect((await store.find({ officerRef: 'nobody' }, 0, 100))).toEqual([]);
      expect((await store.find({}, 8, 100)).map((row) => row.seq)).toEqual([9, 10]);
    });

    it('keeps checkpoints in seq order and ignores the same one twice', async () => {
      const checkpoint = { seq: 2, hash: 'h2', at: T0, keyId: 'k', signature: 's' };
      await store.addCheckpoint({ ...checkpoint, seq: 5 });
      await store.addCheckpoint(checkpoint);
      await store.addCheckpoint(checkpoint);
      expect((await store.checkpoints()).map((known) => known.seq)).toEqual([2, 5]);
    });

    it('prunes old rows from the start of the chain and verifies the rest from the last removed row', async () => {
      await store.append(Array.from({ length: 6 }, (_, index) => auditRow(index + 1)));
      const [, , third] = await store.page(0, 3);
      await store.addCheckpoint({ seq: 2, hash: 'h2', at: T0, keyId: 'k', signature: 's' });
      expect(await store.prune(T0 + 3 * MINUTE + 1)).toBe(3);
      expect(await store.anchor()).toEqual({ seq: 3, hash: third!.hash });
      expect(await store.checkpoints()).toEqual([]);
      expect(await verifyAuditLog(store, { hasher: sha256Chain })).toMatchObject({ ok: true, rows: 3, firstSeq: 4, lastSeq: 6 });
      expect((await store.append([auditRow(7)])).seq).toBe(7);
      expect(await store.prune(T0)).toBe(0);
    });
  });
}
