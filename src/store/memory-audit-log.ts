// AuditLogStore in memory, for tests and the route tests' services.
import type { Checkpoint } from '../audit/checkpoint.ts';
import { GENESIS, linkRows, type AuditRow, type ChainHasher, type ChainHead } from '../audit/record.ts';
import type { AuditFilter, AuditLogStore } from '../audit/store.ts';

export function createMemoryAuditLog(hasher: ChainHasher): AuditLogStore & { rows: AuditRow[] } {
  const rows: AuditRow[] = [];
  let checkpoints: Checkpoint[] = [];
  let anchor: ChainHead = GENESIS;
  const head = (): ChainHead => {
    const last = rows.at(-1);
    return last ? { seq: last.seq, hash: last.hash } : anchor;
  };
  const matches = (row: AuditRow, filter: AuditFilter) =>
    (filter.communeCode === undefined || row.communeCode === filter.communeCode)
    && (filter.from === undefined || row.at >= filter.from)
    && (filter.to === undefined || row.at < filter.to)
    && (filter.subjectRef === undefined || row.subjectRef === filter.subjectRef)
    && (filter.officerRef === undefined || row.officerRef === filter.officerRef);
  return {
    rows,
    async append(input) {
      rows.push(...linkRows(head(), input, hasher).map((row) => ({ ...row })));
      return head();
    },
    async head() {
      return head();
    },
    async anchor() {
      return anchor;
    },
    async page(afterSeq, limit) {
      return rows.filter((row) => row.seq > afterSeq).slice(0, limit).map((row) => ({ ...row }));
    },
    async find(filter, afterSeq, limit) {
      return rows.filter((row) => row.seq > afterSeq && matches(row, filter)).slice(0, limit).map((row) => ({ ...row }));
    },
    async addCheckpoint(checkpoint) {
      if (checkpoints.some((known) => known.seq === checkpoint.seq && known.keyId === checkpoint.keyId)) return;
      checkpoints = [...checkpoints, { ...checkpoint }].sort((a, b) => a.seq - b.seq);
    },
    async checkpoints() {
      return checkpoints.map((checkpoint) => ({ ...checkpoint }));
    },
    async prune(before) {
      const old = rows.filter((row) => row.at < before);
      const last = old.at(-1);
      if (!last) return 0;
      const removed = rows.findIndex((row) => row.seq === last.seq) + 1;
      rows.splice(0, removed);
      checkpoints = checkpoints.filter((checkpoint) => checkpoint.seq > last.seq);
      anchor = { seq: last.seq, hash: last.hash };
      return removed;
    },
    async close() {},
  };
}
