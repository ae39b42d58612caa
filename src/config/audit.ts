// The audit log's settings: retention (its own, in years), the keys for subject references and checkpoint
// signatures, and how often rows are written and checkpoints signed. Units are in the key names.
import { z } from 'zod';
import { SecretSchema } from './secret.ts';

export const AuditConfigSchema = z.object({
  retentionYears: z.number().min(1).max(100).default(5)
    .describe("How long audit rows are kept, in years; independent of the queue's personal-data retention. Older rows are removed at start and daily."),
  subjectKey: SecretSchema.optional()
    .describe('HMAC-SHA-256 key for subject and officer references (an inspector with it searches by personal ID). Absent: the references are masked, which hides IDs but cannot be searched.'),
  signingKey: SecretSchema.optional()
    .describe('Ed25519 private key signing checkpoints (PKCS#8, PEM or one-line base64 DER; `npm run audit -- keygen`). Absent: rows are still chained, but no checkpoint is signed.'),
  checkpointEveryRows: z.number().int().min(1).max(10_000_000).default(10_000)
    .describe('A signed checkpoint after this many rows, or after checkpointIntervalMs, whichever comes first.'),
  checkpointIntervalMs: z.number().int().min(1_000).max(86_400_000).default(3_600_000)
    .describe('A signed checkpoint this long after the last one, or after checkpointEveryRows, whichever comes first, ms.'),
  flushIntervalMs: z.number().int().min(1).max(5_000).default(20)
    .describe('Longest an audit row waits in memory before its (batched) transaction; a crash loses at most this much, ms.'),
}).strict();
