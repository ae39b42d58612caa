// The audit trail of personal-data calls: who asked (client, commune, officer), why, about what, with what result.
// Each call goes twice: onto the request's one access-log line (masked IDs; a second pino line per lookup cost
// about a tenth of a cache hit), and to the hash-chained audit log (services.auditLog), which batches its writes
// off the request path (src/audit/writer.ts) and stores keyed references instead of IDs.
import type { Context } from 'hono';
import type { AuditEvent } from '../audit/record.ts';
import { maskIdentifier } from '../audit/pseudonyms.ts';
import type { GatewayEnv } from './env.ts';

/**
 * One personal-data call as a route sees it: the audit log's event without its time and request id, which
 * `auditEvent` adds. `outcome` is `answered` (with the lookup's freshness), an error code or a verification result.
 */
export type AuditEntry = Omit<AuditEvent, 'at' | 'requestId' | 'freshness'> & { freshness?: string };

/** Where the audit log takes events; `record` must neither throw nor wait. */
export interface AuditSink {
  record(event: AuditEvent): void;
}

/** What the log line carries: the event with officer and subject masked, and a lookup's freshness as its outcome. */
export type AuditRecord = Omit<AuditEntry, 'officerId' | 'subject'> & { officerRef: string; subjectRef: string[] };

// Objects written out field by field rather than spread: every cache hit makes one event and one log record.
export function auditRecord(event: AuditEvent): AuditRecord {
  // Masked values go under their own keys; the logger would censor `officerId`/`subject` outright.
  return {
    client: event.client, communeCode: event.communeCode, officerRef: maskIdentifier(event.officerId), purpose: event.purpose,
    caseId: event.caseId, operation: event.operation, subjectRef: event.subject.map(maskIdentifier), outcome: event.freshness ?? event.outcome,
  };
}

/** The audit log's event for an entry. */
export function auditEvent(entry: AuditEntry, requestId: string, at: number): AuditEvent {
  return {
    at, client: entry.client, communeCode: entry.communeCode, officerId: entry.officerId, purpose: entry.purpose, caseId: entry.caseId,
    operation: entry.operation, subject: entry.subject, outcome: entry.outcome, freshness: entry.freshness, requestId,
  };
}

/** Hands the event to the audit log and keeps it for this request's access-log line, which masks it. */
export function recordAudit(c: Context<GatewayEnv>, entry: AuditEntry): void {
  const services = c.get('services');
  const event = auditEvent(entry, c.get('requestId'), services.now());
  c.set('audit', event);
  services.auditLog?.record(event);
}
