// Runs the audit log once on the opened store: the batching writer with the platform's subject references and
// checkpoint signer, and retention (rows older than audit.retentionYears are removed at start and once a day).
// Also records the queue's verification steps, heard on the gateway's bus.
import type { CheckpointSigner } from '../audit/checkpoint.ts';
import type { Pseudonyms } from '../audit/pseudonyms.ts';
import type { AuditLogStore } from '../audit/store.ts';
import { createAuditWriter, type AuditWriter } from '../audit/writer.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../gateway/services.ts';
import type { Timers } from '../health/monitor.ts';
import type { QueueEvent } from '../queue/events.ts';
import type { Ticket } from '../queue/types.ts';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

/** The audit log's keyed parts, made by the platform from configuration (HMAC references, Ed25519 signer). */
export interface AuditKeys {
  pseudonyms: Pseudonyms;
  signer: CheckpointSigner | undefined;
}

export interface AuditRuntime {
  store: AuditLogStore;
  writer: AuditWriter;
  /** Records a drained verification's retries and end as audit rows (a replay is a personal-data call too). */
  onQueueEvent(event: QueueEvent, ticket: (id: string) => Promise<Ticket | undefined>): void;
  /** Removes rows past audit.retentionYears (once a day on a timer; on demand when stepped). */
  prune(): Promise<void>;
  /** Writes what is buffered, stops retention, closes the store. */
  close(): Promise<void>;
}

export interface AuditRuntimeOptions {
  config: Config;
  keys: AuditKeys;
  logger: Logger;
  now: () => number;
  /** The opened store (SQLite, PostgreSQL or D1); closed with the audit log. */
  store: AuditLogStore;
  /** Retention runs on them (once a day); the global timers by default. */
  timers?: Timers;
  /**
   * No timers: rows wait for `writer.flush()` and retention for `prune()`, both called by the runtime's steps
   * (workerd: after a request through waitUntil, and from the cron). Default false.
   */
  stepped?: boolean;
}

export function startAuditLog(options: AuditRuntimeOptions): AuditRuntime {
  const { config, now } = options;
  const log = options.logger.child({ component: 'audit' });
  const { pseudonyms, signer } = options.keys;
  if (!pseudonyms.searchable) log.warn({}, 'audit.subjectKey is not set: audit rows hold masked IDs, which an inspector cannot search by citizen');
  if (!signer) log.warn({}, 'audit.signingKey is not set: the audit chain is kept but no checkpoints are signed');
  const store = options.store;
  const timers = options.timers ?? { setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms), clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>) };
  const writer = createAuditWriter({
    store, pseudonyms, signer, now,
    flushIntervalMs: config.audit.flushIntervalMs,
    autoFlush: !options.stepped,
    maxBatchRows: 2_000,
    maxBufferedRows: 200_000,
    checkpointEveryRows: config.audit.checkpointEveryRows,
    checkpointEveryMs: config.audit.checkpointIntervalMs,
    onError: (error, details) => log.error({ err: error, ...details }, 'audit rows could not be written; kept for the next attempt'),
  });
  const prune = () =>
    store.prune(now() - config.audit.retentionYears * YEAR_MS).then(
      (removed) => { if (removed > 0) log.info({ removed }, 'audit rows past retention removed'); },
      (error: unknown) => log.error({ err: error }, 'audit retention failed'),
    );
  let retention: unknown;
  const daily = () => {
    void prune();
    retention = timers.setTimeout(daily, DAY_MS);
  };
  if (!options.stepped) daily();
  return {
    store,
    writer,
    prune,
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
      if (retention !== undefined) timers.clearTimeout(retention);
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
