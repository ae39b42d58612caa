// The audit log's Node pieces: the subject/officer references and the checkpoint signer from configuration
// (node:crypto), and the SQLite store for the CLI. The running audit log is src/services/audit-log.ts.
import { ConfigError, resolveSecret } from '../config/load.ts';
import type { AuditKeys } from '../services/audit-log.ts';
import type { Config } from '../config/schema.ts';
import type { CheckpointSigner } from '../audit/checkpoint.ts';
import { MASKED_PSEUDONYMS } from '../audit/pseudonyms.ts';
import type { AuditLogStore } from '../audit/store.ts';
import { createSqliteAuditLog } from '../store/sqlite-audit-log.ts';
import { ed25519Signer, hmacPseudonyms, sha256Chain } from './audit-crypto.ts';

export type { AuditKeys } from '../services/audit-log.ts';

/** The audit keys named by configuration (shared by the gateway and `npm run audit`). */
export function auditKeys(config: Config, env: Record<string, string | undefined>, configFile: string): AuditKeys {
  const { subjectKey, signingKey } = config.audit;
  const pseudonyms = subjectKey === undefined ? MASKED_PSEUDONYMS : hmacPseudonyms(resolveSecret(subjectKey, env, 'audit.subjectKey', configFile));
  let signer: CheckpointSigner | undefined;
  if (signingKey !== undefined) {
    try {
      signer = ed25519Signer(resolveSecret(signingKey, env, 'audit.signingKey', configFile));
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(configFile, [`audit.signingKey: not an Ed25519 private key (${(error as Error).message})`]);
    }
  }
  return { pseudonyms, signer };
}

export function openAuditStore(config: Config): AuditLogStore {
  return createSqliteAuditLog({ path: config.queue.databasePath, hasher: sha256Chain });
}
