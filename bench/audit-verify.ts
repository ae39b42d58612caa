// Builds a million-row audit log in a temporary SQLite file (the gateway's own store code, real HMAC references)
// and times `verify` over it: the inspector's check must finish in under a minute. `npm run bench:audit [rows]`.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRowInput } from '../src/audit/record.ts';
import { verifyAuditLog } from '../src/audit/verify.ts';
import { checkpointMessage } from '../src/audit/checkpoint.ts';
import { ed25519Signer, hmacPseudonyms, newEd25519Key, sha256Chain } from '../src/runtime/audit-crypto.ts';
import { createSqliteAuditLog } from '../src/store/sqlite-audit-log.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const BATCH = 2_000;
const CHECKPOINT_EVERY = 10_000;

const folder = mkdtempSync(join(tmpdir(), 'bench-audit-'));
const path = join(folder, 'audit.sqlite');
try {
  const pseudonyms = hmacPseudonyms('bench-subject-key');
  const signer = ed25519Signer(newEd25519Key().privateKeyBase64);
  const store = createSqliteAuditLog({ path, hasher: sha256Chain });
  const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);
  let built = performance.now();
  for (let start = 0; start < ROWS; start += BATCH) {
    const rows: AuditRowInput[] = [];
    for (let index = start; index < Math.min(ROWS, start + BATCH); index += 1) {
      rows.push({
        at: T0 + index * 40, client: `UBND xã ${index % 97}`, communeCode: String(21_000 + (index % 97)), officerRef: pseudonyms.officer(`0510900${String(index % 500).padStart(5, '0')}`),
        purpose: 'dang-ky-khai-sinh', caseId: index % 3 === 0 ? `HS-2026-${index}` : null, operation: 'lookupCitizen',
        subjectRef: pseudonyms.subject([`0511900${String(index % 100_000).padStart(5, '0')}`]), outcome: 'answered',
        freshness: index % 4 === 0 ? 'fresh' : 'cached', requestId: crypto.randomUUID(),
      });
    }
    const head = await store.append(rows);
    if (Math.floor(head.seq / CHECKPOINT_EVERY) > Math.floor((head.seq - rows.length) / CHECKPOINT_EVERY)) {
      await store.addCheckpoint({ seq: head.seq, hash: head.hash, at: T0, keyId: signer.keyId, signature: signer.sign(checkpointMessage(head.seq, head.hash, T0)) });
    }
  }
  built = performance.now() - built;
  const megabytes = (statSync(path).size + statSync(`${path}-wal`, { throwIfNoEntry: false })?.size! || 0) / 1e6;
  const startedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  const verdict = await verifyAuditLog(store, { hasher: sha256Chain, signer });
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time beside wall time: on a shared machine the wall clock includes waiting for a core.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await store.close();
  if (!verdict.ok) throw new Error(`verification failed: ${verdict.reason}`);
  process.stdout.write([
    `audit log: ${ROWS.toLocaleString('en')} rows built in ${(built / 1000).toFixed(1)} s (${megabytes.toFixed(0)} MB)`,
    `verify: ${verdict.rows.toLocaleString('en')} rows and ${verdict.checkpointsVerified} signed checkpoints in ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s)`
      + ` (${Math.round(verdict.rows / seconds).toLocaleString('en')} rows/s) — target < 60 s: ${seconds < 60 ? 'met' : 'MISSED'}`,
    '',
  ].join('\n'));
} finally {
  rmSync(folder, { recursive: true, force: true });
}
