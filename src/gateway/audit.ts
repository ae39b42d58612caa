// The audit trail of personal-data calls: who asked (client, commune, officer), why, about what, with what result.
// IDs are masked: the log proves a lookup happened without becoming a copy of the population database.
// The record rides on the request's one access-log line (request-context.ts) rather than a line of its own:
// a second pino line per lookup cost about a tenth of a cache hit.
import type { Context } from 'hono';
import type { GatewayEnv } from './env.ts';

export interface AuditEntry {
  client: string;
  communeCode: string;
  officerId: string;
  purpose: string;
  caseId: string | undefined;
  operation: string;
  /** The looked-up identifiers (personal IDs, parcel keys). */
  subject: readonly string[];
  outcome: string;
}

/** What the log line carries: the entry with officer and subject masked. */
export type AuditRecord = Omit<AuditEntry, 'officerId' | 'subject'> & { officerRef: string; subjectRef: string[] };

/** Keeps the first three and last two characters of a 12-digit ID: enough to tell entries apart, not to identify. */
export function maskIdentifier(value: string): string {
  return /^\d{9,12}$/.test(value) ? `${value.slice(0, 3)}${'*'.repeat(value.length - 5)}${value.slice(-2)}` : value;
}

export function auditRecord(entry: AuditEntry): AuditRecord {
  const { officerId, subject, ...rest } = entry;
  // Masked values go under their own keys; the logger would censor `officerId`/`subject` outright.
  return { ...rest, officerRef: maskIdentifier(officerId), subjectRef: subject.map(maskIdentifier) };
}

/** Attaches the audit record to this request's access-log line. */
export function recordAudit(c: Context<GatewayEnv>, entry: AuditEntry): void {
  c.set('audit', auditRecord(entry));
}
