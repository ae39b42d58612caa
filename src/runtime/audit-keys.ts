// The audit keys named by configuration (node:crypto: on Node, and on Workers through nodejs_compat), apart from
// the SQLite store so that the Worker's bundle does not reach node:sqlite.
import type { CheckpointSigner } from '../audit/checkpoint.ts';
import { MASKED_PSEUDONYMS } from '../audit/pseudonyms.ts';
import { ConfigError, resolveSecret } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { AuditKeys } from '../services/audit-log.ts';
import { ed25519Signer, hmacPseudonyms } from './audit-crypto.ts';

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

