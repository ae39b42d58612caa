// The audit trail of personal-data calls: who asked (client, commune, officer), why, about what, with what result.
// Each call goes twice: onto the request's one access-log line (masked IDs; a second pino line per lookup cost
// about a tenth of a cache hit), and to the hash-chained audit log (services.auditLog), which batches its writes
// off the request path (src/audit/writer.ts) and stores keyed references instead of IDs.
import type { Context } from 'hono';
import type { AuditEvent } from '../audit/record.ts';
import { maskIdentifier } from '../audit/pseudonyms.ts';
import type { GatewayEnv } from './env.ts';

export { maskIdentifier };

/**
 * One personal-data call as a route sees it: the audit log's event without its time, request id and freshness, which
 * `auditEvent` adds. `outcome` is an error code or verification result, or the freshness of an answered lookup.
 */
export type AuditEntry = Omit<AuditEvent, 'at' | 'requestId' | 'freshness'>;

/** Where the audit log takes events; `record` must neither throw nor wait. */
export interface AuditSink {
  record(event: AuditEvent): void;
}

/** What the log line carries: the entry with officer and subject masked. */
export type AuditRecord = Omit<AuditEntry, 'officerId' | 'subject'> & { officerRef: string; subjectRef: string[] };

export function auditRecord(entry: AuditEntry): AuditRecord {
  const { officerId, subject, ...rest } = entry;
  // Masked values go under their own keys; the logger would censor `officerId`/`subject` outright.
  return { ...rest, officerRef: maskIdentifier(officerId), subjectRef: subject.map(maskIdentifier) };
}

const FRESHNESS = new Set(['fresh', 'cached', 'stale']);

/** The audit log's event for an entry: an answered lookup's freshness gets its own column. */
export function auditEvent(entry: AuditEntry, requestId: string, at: number): AuditEvent {
  const answered = FRESHNESS.has(entry.outcome);
  return { ...entry, outcome: answered ? 'answered' : entry.outcome, freshness: answered ? entry.outcome : undefined, requestId, at };
}

/** Attaches the audit record to this request's access-log line and hands it to the audit log. */
export function recordAudit(c: Context<GatewayEnv>, entry: AuditEntry): void {
  c.set('audit', auditRecord(entry));
  const services = c.get('services');
  services.auditLog?.record(auditEvent(entry, c.get('requestId'), services.now()));
}
