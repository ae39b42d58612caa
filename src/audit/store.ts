// The AuditLogStore interface: an append-only, hash-linked table of audit rows plus signed checkpoints. SQLite,
// PostgreSQL and memory implementations live in src/store and pass one shared suite (audit-log.suite.ts).
import type { Checkpoint } from './checkpoint.ts';
import type { AuditRow, AuditRowInput, ChainHead } from './record.ts';

/** What an inspector asks for; every member narrows. Times are epoch ms, `from` inclusive, `to` exclusive. */
export interface AuditFilter {
  communeCode?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  subjectRef?: string | undefined;
  officerRef?: string | undefined;
}

export interface AuditLogStore {
  /**
   * Appends `rows` in one transaction, after the newest row (read inside that transaction, so several gateway
   * processes on one store extend one chain); returns the new head.
   */
  append(rows: readonly AuditRowInput[]): Promise<ChainHead>;
  /** The newest row's seq and hash; the anchor (or genesis) when the log is empty. */
  head(): Promise<ChainHead>;
  /** Where the stored chain starts: the last row retention removed, or genesis. */
  anchor(): Promise<ChainHead>;
  /** Rows with seq > afterSeq in seq order, at most `limit` (verification pages through with this). */
  page(afterSeq: number, limit: number): Promise<AuditRow[]>;
  /** Rows matching `filter` with seq > afterSeq in seq order, at most `limit`. */
  find(filter: AuditFilter, afterSeq: number, limit: number): Promise<AuditRow[]>;
  addCheckpoint(checkpoint: Checkpoint): Promise<void>;
  /** Every checkpoint, in seq order. */
  checkpoints(): Promise<Checkpoint[]>;
  /** Removes rows older than `before` (epoch ms) and the checkpoints among them; the last removed row becomes the anchor. Returns the count. */
  prune(before: number): Promise<number>;
  close(): Promise<void>;
}
