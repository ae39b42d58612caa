// Subject and officer references: a keyed HMAC of the identifier, so the log names nobody in clear while an
// inspector holding the key can still find every row about one citizen (`npm run audit -- export --subject …`).
import { maskDigits } from '../domain/personal-text.ts';

/** A 9–12-digit ID masked as everywhere (first three and last two digits kept); anything else as it is. */
export function maskIdentifier(value: string): string {
  return /^\d{9,12}$/.test(value) ? maskDigits(value) : value;
}

export interface Pseudonyms {
  /** Reference of a subject: its identifier parts joined with `/` (a personal ID, or `21085/12/345` for a parcel). */
  subject(parts: readonly string[]): string;
  officer(personalId: string): string;
  /** False when no key is configured: references are masked, which hides the ID but cannot be searched. */
  searchable: boolean;
}

/** Without a key: the log-line masking (first three and last two digits), marked so nobody mistakes it for an HMAC. */
export const MASKED_PSEUDONYMS: Pseudonyms = {
  subject: (parts) => `masked:${parts.map(maskIdentifier).join('/')}`,
  officer: (personalId) => `masked:${maskIdentifier(personalId)}`,
  searchable: false,
};
