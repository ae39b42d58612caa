// The audit trail of personal-data calls: who asked (client, commune, officer), why, about what, with what result.
// IDs are masked: the log proves a lookup happened without becoming a copy of the population database.
import type { Logger } from './services.ts';

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

/** Keeps the first three and last two characters of a 12-digit ID: enough to tell entries apart, not to identify. */
export function maskIdentifier(value: string): string {
  return /^\d{9,12}$/.test(value) ? `${value.slice(0, 3)}${'*'.repeat(value.length - 5)}${value.slice(-2)}` : value;
}

export function writeAudit(log: Logger, entry: AuditEntry): void {
  const { officerId, subject, ...rest } = entry;
  // Masked values go under their own keys; the logger would censor `officerId`/`subject` outright.
  log.info({ audit: { ...rest, officerRef: maskIdentifier(officerId), subjectRef: subject.map(maskIdentifier) } }, 'audit');
}
