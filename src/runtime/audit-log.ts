// The audit log's Node pieces: the subject/officer references and the checkpoint signer from configuration
// (node:crypto, src/runtime/audit-keys.ts, shared with the Worker), and the SQLite store for the CLI. The running audit log is src/services/audit-log.ts.
import type { AuditLogStore } from '../audit/store.ts';
import { createSqliteAuditLog } from '../store/sqlite-audit-log.ts';
import type { Config } from '../config/schema.ts';
import { sha256Chain } from './audit-crypto.ts';

export type { AuditKeys } from '../services/audit-log.ts';

export { auditKeys } from './audit-keys.ts';

export function openAuditStore(config: Config): AuditLogStore {
  return createSqliteAuditLog({ path: config.queue.databasePath, hasher: sha256Chain });
}
