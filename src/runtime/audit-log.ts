// Builds the audit log once: its SQLite store (the gateway's file), the subject/officer references and the
// checkpoint signer from configuration, the batching writer, and retention (rows older than
// audit.retentionYears are removed at start and once a day). Also records the queue's verification steps.
import { ConfigError, resolveSecret } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { CheckpointSigner } from '../audit/checkpoint.ts';
import { MASKED_PSEUDONYMS, type Pseudonyms } from '../audit/pseudonyms.ts';
import type { AuditLogStore } from '../audit/store.ts';
import { createAuditWriter, type AuditWriter } from '../audit/writer.ts';
import type { Logger } from '../gateway/services.ts';
import type { QueueEvent } from '../queue/events.ts';
import type { Ticket } from '../queue/types.ts';
import { createSqliteAuditLog } from '../store/sqlite-audit-log.ts';
import { ed25519Signer, hmacPseudonyms, sha256Chain } from './audit-crypto.ts';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

export interface AuditKeys {
  pseudonyms: Pseudonyms;
  signer: CheckpointSigner | undefined;
}

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

export interface AuditRuntime {
  store: AuditLogStore;
  writer: AuditWriter;
  /** Records a drained verification's retries and end as audit rows (a replay is a personal-data call too). */
  onQueueEvent(event: QueueEvent, ticket: (id: string) => Promise<Ticket | undefined>): void;
  /** Writes what is buffered, stops retention, closes the store. */
  close(): Promise<void>;
}

export interface AuditRuntimeOptions {
  config: Config;
  configFile: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  now: () => number;
  /** The opened store (SQLite or PostgreSQL); default the SQLite file. */
  store?: AuditLogStore;
}

export function startAuditLog(options: AuditRuntimeOptions): AuditRuntime {
  const { config, now } = options;
  const log = options.logger.child({ component: 'audit' });
  const { pseudonyms, signer } = auditKeys(config, options.env, options.configFile);
  if (!pseudonyms.searchable) log.warn({}, 'audit.subjectKey is not set: audit rows hold masked IDs, which an inspector cannot search by citizen');
  if (!signer) log.warn({}, 'audit.signingKey is not set: the audit chain is kept but no checkpoints are signed');
  const store = options.store ?? openAuditStore(config);
  const writer = createAuditWriter({
    store, pseudonyms, signer, now,
    flushIntervalMs: config.audit.flushIntervalMs,
    maxBatchRows: 2_000,
    maxBufferedRows: 200_000,
    checkpointEveryRows: config.audit.checkpointEveryRows,
    checkpointEveryMs: config.audit.checkpointIntervalMs,
    onError: (error, details) => log.error({ err: error, ...details }, 'audit rows could not be written; kept for the next attempt'),
  });
  const prune = () => {
    store.prune(now() - config.audit.retentionYears * YEAR_MS).then(
      (removed) => { if (removed > 0) log.info({ removed }, 'audit rows past retention removed'); },
      (error: unknown) => log.error({ err: error }, 'audit retention failed'),
    );
  };
  prune();
  const retention = setInterval(prune, DAY_MS);
  retention.unref();
  return {
    store,
    writer,
    onQueueEvent(event, ticket) {
      if (event.type !== 'ticket-ended' && event.type !== 'ticket-retry') return;
      const outcome = event.type === 'ticket-ended' ? event.status : `retry:${event.errorCode}`;
      ticket(event.ticketId).then((found) => {
        if (!found) return;
        writer.record({
          at: event.at, client: found.client, communeCode: found.communeCode, officerId: found.officerId, purpose: found.purpose,
          caseId: found.caseId ?? undefined, operation: `verification.${found.type}.replay`, subject: subjectOf(found), outcome,
          freshness: undefined, requestId: found.requestId,
        });
      }, (error: unknown) => log.error({ err: error, ticketId: event.ticketId }, 'audit: ticket not readable'));
    },
    async close() {
      clearInterval(retention);
      await writer.close();
      await store.close();
    },
  };
}

/** The same identifiers the POST route audits: the personal ID, or the parcel key. */
function subjectOf(ticket: Ticket): string[] {
  const subject = ticket.subject;
  if (ticket.type === 'land-parcel') return [`${String(subject['communeCode'])}/${String(subject['mapSheet'])}/${String(subject['parcelNumber'])}`];
  return subject['personalId'] === undefined ? [] : [String(subject['personalId'])];
}
