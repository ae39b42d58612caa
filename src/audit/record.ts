// The audit log's row: one personal-data call or verification step, with personal identifiers replaced by
// keyed references, and the canonical bytes the hash chain commits to.

/** What the gateway hands the audit log for one call, before pseudonymisation (held in memory for milliseconds). */
export interface AuditEvent {
  /** Epoch ms. */
  at: number;
  client: string;
  communeCode: string;
  officerId: string;
  purpose: string;
  caseId: string | undefined;
  operation: string;
  /** The looked-up identifiers (a personal ID, or the parts of a parcel key). */
  subject: readonly string[];
  /** `answered` or an error code / verification result (`completed`, `queued`, `not-found`…). */
  outcome: string;
  /** `fresh` | `cached` | `stale` for an answered lookup; absent otherwise. */
  freshness: string | undefined;
  requestId: string;
}

/** A row as appended: identifiers already pseudonymised. */
export interface AuditRowInput {
  at: number;
  client: string;
  communeCode: string;
  /** Keyed reference of the officer's personal ID (pseudonyms.ts). */
  officerRef: string;
  purpose: string;
  caseId: string | null;
  operation: string;
  /** Keyed reference of the subject (pseudonyms.ts): an inspector with the key searches by citizen. */
  subjectRef: string;
  outcome: string;
  freshness: string | null;
  requestId: string;
}

/** A stored row: its place in the chain and the hash that commits to it and to every row before it. */
export interface AuditRow extends AuditRowInput {
  /** 1, 2, 3… without gaps; a gap is a deleted row. */
  seq: number;
  /** SHA-256 (hex) of the previous row's hash (raw bytes) followed by this row's canonical bytes. */
  hash: string;
}

/** Where the chain starts: the zero hash, or the last row removed by retention. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const GENESIS: ChainHead = { seq: 0, hash: '0'.repeat(64) };

/**
 * The bytes a row's hash commits to: a JSON array in a fixed order (JSON.stringify of strings, integers and null
 * is deterministic, so writer and verifier agree without a canonicalisation library). Includes `seq`, so a row
 * moved to another place no longer matches.
 */
export function canonicalRow(row: AuditRowInput & { seq: number }): string {
  return JSON.stringify([
    row.seq, row.at, row.client, row.communeCode, row.officerRef, row.purpose, row.caseId, row.operation,
    row.subjectRef, row.outcome, row.freshness, row.requestId,
  ]);
}

/** SHA-256 over the previous hash (hex, taken as raw bytes) and a row's canonical text; synchronous (node:crypto). */
export type ChainHasher = (previousHashHex: string, canonical: string) => string;

/** Links `rows` after `head`: assigns seq and hash to each. */
export function linkRows(head: ChainHead, rows: readonly AuditRowInput[], hasher: ChainHasher): AuditRow[] {
  let { seq, hash } = head;
  return rows.map((input) => {
    seq += 1;
    const row = { ...input, seq, hash: '' };
    hash = hasher(hash, canonicalRow(row));
    row.hash = hash;
    return row;
  });
}
