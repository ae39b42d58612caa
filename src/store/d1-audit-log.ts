// AuditLogStore on Cloudflare D1: the SQLite audit log's tables and statements, run through D1's async API.
// D1 has no interactive transaction to hold between reading the head and writing after it, so an append reads the
// head, links its rows, then writes them in one batch (one transaction) in which each row goes in only if the row
// it was linked to is still the newest: a racing append that got there first makes the batch write nothing (or
// collide on seq and roll back), and the append starts over from the new head. Isolates extend ONE chain.
import { GENESIS, linkRows, type AuditRow, type ChainHasher, type ChainHead } from '../audit/record.ts';
import type { AuditLogStore } from '../audit/store.ts';
import { AUDIT_COLUMNS, AUDIT_SQL, auditRowValues, findSql, rowToAuditRow, rowToCheckpoint, rowToHead } from './audit-rows.ts';
import { inBatch, rowsOf, statement, type D1Database, type D1Statement } from './d1.ts';

/** Tries per append; each lost race means another append went in, so this bounds how many may run at once. */
const MAX_APPEND_ATTEMPTS = 50;

/**
 * AUDIT_SQL.insert, guarded: the row goes in after `?14`/`?15` (the previous seq and hash) only if that row is in
 * the log, or the log is empty and the anchor (or genesis, `?16`) is it. A row already at this seq collides on the
 * primary key, which rolls the whole batch back.
 */
const INSERT_AFTER = `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) SELECT ${AUDIT_COLUMNS.map((_, index) => `?${index + 1}`).join(', ')}
  WHERE EXISTS (SELECT 1 FROM audit_log WHERE seq = ?14 AND hash = ?15)
    OR (NOT EXISTS (SELECT 1 FROM audit_log)
      AND ?14 = COALESCE((SELECT seq FROM audit_anchor WHERE id = 1), 0)
      AND ?15 = COALESCE((SELECT hash FROM audit_anchor WHERE id = 1), ?16))`;

const lostRace = (error: unknown) => error instanceof Error && /UNIQUE constraint failed: audit_log\.seq/.test(error.message);

/** The store on a D1 binding whose migrations were applied (migrations/, from d1-migrations.ts). */
export function createD1AuditLog(db: D1Database, hasher: ChainHasher): AuditLogStore {
  const anchor = async (): Promise<ChainHead> => rowToHead(await db.prepare(AUDIT_SQL.anchor).first()) ?? GENESIS;
  const head = async (): Promise<ChainHead> => rowToHead(await db.prepare(AUDIT_SQL.newest).first()) ?? anchor();

  return {
    async append(rows) {
      if (rows.length === 0) return head();
      for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
        const previous = await head();
        const linked = linkRows(previous, rows, hasher);
        try {
          const answers = await inBatch(db, insertsAfter(db, previous, linked));
          // All or nothing: each guard needs the row before it, so the first one failing writes none.
          if (answers.every((answer) => answer.meta.changes === 1)) return { seq: linked.at(-1)!.seq, hash: linked.at(-1)!.hash };
        } catch (error) {
          if (!lostRace(error)) throw error;
        }
      }
      throw new Error(`audit append lost the race for the chain's head ${MAX_APPEND_ATTEMPTS} times in a row`);
    },
    head,
    anchor,
    async page(afterSeq, limit) {
      return (await rowsOf(db, AUDIT_SQL.page, [afterSeq, limit])).map(rowToAuditRow);
    },
    async find(filter, afterSeq, limit) {
      const { sql, params } = findSql(filter);
      return (await rowsOf(db, sql, [afterSeq, ...params, limit])).map(rowToAuditRow);
    },
    async addCheckpoint(checkpoint) {
      await statement(db, AUDIT_SQL.addCheckpoint, [checkpoint.seq, checkpoint.hash, checkpoint.at, checkpoint.keyId, checkpoint.signature]).run();
    },
    async checkpoints() {
      return (await rowsOf(db, AUDIT_SQL.checkpoints)).map(rowToCheckpoint);
    },
    async prune(before) {
      const last = rowToHead(await statement(db, AUDIT_SQL.newestBefore, [before]).first());
      if (!last) return 0;
      const [removed] = await inBatch(db, [
        statement(db, AUDIT_SQL.deleteUpTo, [last.seq]),
        statement(db, AUDIT_SQL.deleteCheckpointsUpTo, [last.seq]),
        statement(db, AUDIT_SQL.setAnchor, [last.seq, last.hash]),
      ]);
      return removed!.meta.changes;
    },
    async close() {},
  };
}

function insertsAfter(db: D1Database, previous: ChainHead, linked: readonly AuditRow[]): D1Statement[] {
  return linked.map((row, index) => {
    const before = index === 0 ? previous : linked[index - 1]!;
    return statement(db, INSERT_AFTER, [...auditRowValues(row), before.seq, before.hash, GENESIS.hash]);
  });
}
