// Walks the stored chain from its anchor and names the first row that breaks it: a changed row (hash mismatch),
// a missing one (gap in seq), an inserted or moved one (seq or hash out of place), or a rewritten stretch (a signed
// checkpoint that no longer matches). Pages through the store, so a million rows need little memory.
import { checkpointMessage, type Checkpoint, type CheckpointSigner } from './checkpoint.ts';
import { canonicalRow, type ChainHasher } from './record.ts';
import type { AuditLogStore } from './store.ts';

export type Verdict =
  | { ok: true; rows: number; firstSeq: number | undefined; lastSeq: number; checkpointsVerified: number; checkpointsUnchecked: number }
  | { ok: false; seq: number; reason: string; rowsChecked: number };

export interface VerifyOptions {
  hasher: ChainHasher;
  /** Checks checkpoint signatures; absent = no signing key configured, checkpoints are not checked. */
  signer?: CheckpointSigner | undefined;
  /** Rows read per store call. Default 10,000. */
  pageRows?: number;
}

export async function verifyAuditLog(store: AuditLogStore, options: VerifyOptions): Promise<Verdict> {
  const pageRows = options.pageRows ?? 10_000;
  const anchor = await store.anchor();
  const pending = (await store.checkpoints()).filter((checkpoint) => checkpoint.seq > anchor.seq);
  const signer = options.signer;
  // Checkpoints signed by another key (an earlier one) cannot be checked with this one; they are counted apart.
  const ours = signer ? pending.filter((checkpoint) => checkpoint.keyId === signer.keyId) : [];
  for (const checkpoint of ours) {
    if (!signer!.verify(checkpointMessage(checkpoint.seq, checkpoint.hash, checkpoint.at), checkpoint.signature)) {
      return { ok: false, seq: checkpoint.seq, reason: `the signed checkpoint at row ${checkpoint.seq} has an invalid signature`, rowsChecked: 0 };
    }
  }
  const bySeq = new Map<number, Checkpoint>(ours.map((checkpoint) => [checkpoint.seq, checkpoint]));
  let { seq: previousSeq, hash: previousHash } = anchor;
  let firstSeq: number | undefined;
  let rows = 0;
  for (;;) {
    const page = await store.page(previousSeq, pageRows);
    for (const row of page) {
      const expected = previousSeq + 1;
      if (row.seq !== expected) {
        return { ok: false, seq: expected, reason: `row ${expected} is missing (the next stored row is ${row.seq})`, rowsChecked: rows };
      }
      if (options.hasher(previousHash, canonicalRow(row)) !== row.hash) {
        return { ok: false, seq: row.seq, reason: `row ${row.seq} does not match its hash (changed, inserted or moved)`, rowsChecked: rows };
      }
      const checkpoint = bySeq.get(row.seq);
      if (checkpoint && checkpoint.hash !== row.hash) {
        return { ok: false, seq: row.seq, reason: `row ${row.seq} differs from its signed checkpoint: the chain up to here was rewritten`, rowsChecked: rows };
      }
      firstSeq ??= row.seq;
      previousSeq = row.seq;
      previousHash = row.hash;
      rows += 1;
    }
    if (page.length < pageRows) break;
  }
  const beyond = ours.find((checkpoint) => checkpoint.seq > previousSeq);
  if (beyond) {
    return { ok: false, seq: previousSeq + 1, reason: `rows ${previousSeq + 1}…${beyond.seq} are missing: a signed checkpoint names row ${beyond.seq}`, rowsChecked: rows };
  }
  return { ok: true, rows, firstSeq, lastSeq: previousSeq, checkpointsVerified: ours.length, checkpointsUnchecked: pending.length - ours.length };
}
