// One CSV cell (RFC 4180) that a spreadsheet opens as text: the shared rule for every CSV the gateway exports.

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"), tab and CR included. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The cell for `value`: empty for null; text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`,
 * `@SUM(…)`) gets a leading `'`, so it shows as typed; quoted when it holds a quote, comma or line break.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
