// Signed checkpoints: every so many rows or minutes, "row seq had hash h", signed with the gateway's Ed25519
// key. A chain rewritten from some row onwards (every later hash recomputed) no longer matches a checkpoint.

export interface Checkpoint {
  seq: number;
  hash: string;
  /** Epoch ms of signing. */
  at: number;
  /** Identifies the key (first 16 hex characters of SHA-256 of its public key). */
  keyId: string;
  /** Ed25519 signature (base64) over checkpointMessage(seq, hash, at). */
  signature: string;
}

/** Signs and checks checkpoint messages; the node:crypto implementation lives in src/runtime/audit-crypto.ts. */
export interface CheckpointSigner {
  keyId: string;
  sign(message: string): string;
  verify(message: string, signature: string): boolean;
}

export function checkpointMessage(seq: number, hash: string, at: number): string {
  return `commune-gateway audit checkpoint v1\n${seq}\n${hash}\n${at}`;
}

/** When to sign the next checkpoint: after `everyRows` rows or `everyMs` since the last one, whichever first. */
export function checkpointDue(last: { seq: number; at: number } | undefined, head: { seq: number }, now: number, policy: { everyRows: number; everyMs: number }): boolean {
  if (head.seq === 0) return false;
  if (!last) return true;
  if (head.seq <= last.seq) return false;
  return head.seq - last.seq >= policy.everyRows || now - last.at >= policy.everyMs;
}
