// The audit log's statements and row mapping: the statements shared by the SQLite store and the D1 one (the same
// dialect), the row mapping and the search by every store.
import type { Checkpoint } from '../audit/checkpoint.ts';
import type { AuditRow, ChainHead } from '../audit/record.ts';
import type { AuditFilter } from '../audit/store.ts';

/** Columns in the order `page` reads them and an insert binds them. */
export const AUDIT_COLUMNS = ['seq', 'at', 'client', 'commune_code', 'officer_ref', 'purpose', 'case_id', 'operation', 'subject_ref', 'outcome', 'freshness', 'request_id', 'hash'] as const;

/** The SQLite store's statements (`?` parameters); D1 runs them as they are. */
export const AUDIT_SQL = {
  insert: `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES (${AUDIT_COLUMNS.map(() => '?').join(', ')})`,
  newest: 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  anchor: 'SELECT seq, hash FROM audit_anchor WHERE id = 1',
  page: `SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
  addCheckpoint: 'INSERT OR IGNORE INTO audit_checkpoints (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)',
  checkpoints: 'SELECT * FROM audit_checkpoints ORDER BY seq, key_id',
  newestBefore: 'SELECT seq, hash FROM audit_log WHERE at < ? ORDER BY seq DESC LIMIT 1',
  deleteUpTo: 'DELETE FROM audit_log WHERE seq <= ?',
  deleteCheckpointsUpTo: 'DELETE FROM audit_checkpoints WHERE seq <= ?',
  // Forward only: of two prunes racing (D1 has no lock to make them take turns), the older cut never moves it back.
  setAnchor: `INSERT INTO audit_anchor (id, seq, hash) VALUES (1, ?, ?)
    ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash WHERE excluded.seq > audit_anchor.seq`,
} as const;

/**
 * An insert of `count` rows at once, 13 parameters each: for the SQLite store (32 rows, 416 parameters; its limit is
 * 32,766). Not for D1, which binds at most 100 parameters a query.
 */
export function insertRowsSql(count: number): string {
  const row = `(${AUDIT_COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES ${Array.from({ length: count }, () => row).join(', ')}`;
}

/**
 * Rows matching `filter` after a seq: parameters `afterSeq` first, then `params`, then `limit`. `mark(n)` writes the
 * n-th parameter: `?` for SQLite and D1 (the default), `$n` for PostgreSQL.
 */
export function findSql(filter: AuditFilter, mark: (position: number) => string = () => '?'): { sql: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const add = (column: string, operator: string, value: string | number | undefined) => {
    if (value === undefined) return;
    params.push(value);
    clauses.push(`AND ${column} ${operator} ${mark(params.length + 1)}`);
  };
  add('commune_code', '=', filter.communeCode);
  add('at', '>=', filter.from);
  add('at', '<', filter.to);
  add('subject_ref', '=', filter.subjectRef);
  add('officer_ref', '=', filter.officerRef);
  return { sql: `SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit_log WHERE seq > ${mark(1)} ${clauses.join(' ')} ORDER BY seq LIMIT ${mark(params.length + 2)}`, params };
}

/** A row's values in AUDIT_COLUMNS order. */
export function auditRowValues(row: AuditRow): (string | number | null)[] {
  return [row.seq, row.at, row.client, row.communeCode, row.officerRef, row.purpose, row.caseId, row.operation, row.subjectRef, row.outcome,
    row.freshness, row.requestId, row.hash];
}

export function rowToHead(row: Record<string, unknown> | null | undefined): ChainHead | undefined {
  return row ? { seq: Number(row['seq']), hash: String(row['hash']) } : undefined;
}

export function rowToAuditRow(row: Record<string, unknown>): AuditRow {
  const nullable = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    seq: Number(row['seq']), at: Number(row['at']), client: String(row['client']), communeCode: String(row['commune_code']),
    officerRef: String(row['officer_ref']), purpose: String(row['purpose']), caseId: nullable(row['case_id']),
    operation: String(row['operation']), subjectRef: String(row['subject_ref']), outcome: String(row['outcome']),
    freshness: nullable(row['freshness']), requestId: String(row['request_id']), hash: String(row['hash']),
  };
}

export function rowToCheckpoint(row: Record<string, unknown>): Checkpoint {
  return { seq: Number(row['seq']), hash: String(row['hash']), at: Number(row['at']), keyId: String(row['key_id']), signature: String(row['signature']) };
}
