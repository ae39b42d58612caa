// Masking what a person typed into a free-text field the gateway keeps (X-Purpose, X-Case-Id, X-Request-Id,
// configuration): numbers that may be personal IDs and dates that may be birth dates. Names cannot be told from
// other words, so free text stays short and upstream free text is never kept at all (see src/adapters/log-safe.ts).

/**
 * Nine or more digits in a row, or in groups joined by single spaces or dots ("051 190 000 123",
 * "051.190.000.123"): a personal ID, an old identity-card number or a phone number. Hyphens do not join groups:
 * dossier codes such as `000.00.21.H51-260115-0001` use them between a date and a serial.
 */
const PERSONAL_NUMBER = /(?<!\d)\d(?:[ .]?\d){8,}(?!\d)/g;

const ANY_DIGIT = /\d/;

/** Day-first dates as Vietnamese write a birth date: 15/03/1990, 5-3-1990, 15.03.1990. */
const DAY_FIRST_DATE = /(?<!\d)\d{1,2}([/.-])\d{1,2}\1\d{4}(?!\d)/g;

/** Keeps the first three and last two digits of an ID, so entries can be told apart without identifying anyone. */
export function maskDigits(digits: string): string {
  return digits.length <= 5 ? '*'.repeat(digits.length) : `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/** True when `text` holds something masked by {@link maskPersonalText}. */
export function hasPersonalText(text: string): boolean {
  // Most free text (a purpose such as `dang-ky-khai-sinh`) has no digit at all: one quick scan settles it.
  if (!ANY_DIGIT.test(text)) return false;
  PERSONAL_NUMBER.lastIndex = 0;
  DAY_FIRST_DATE.lastIndex = 0;
  return PERSONAL_NUMBER.test(text) || DAY_FIRST_DATE.test(text);
}

/**
 * `text` with ID-like numbers masked as IDs are in the audit log (`051*******23`) and day-first dates replaced by
 * asterisks, cut to `maxChars` (default 200) first.
 */
export function maskPersonalText(text: string, maxChars = 200): string {
  const capped = text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
  if (!hasPersonalText(capped)) return capped;
  return capped
    .replace(PERSONAL_NUMBER, (match) => maskDigits(match.replace(/\D/g, '')))
    .replace(DAY_FIRST_DATE, (match) => match.replace(/\d/g, '*'));
}
