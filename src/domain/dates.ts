// Dates as people record them: full, or only the month or year known.

/** ISO `1990-03-15`, or `1990-03` / `1990` when only partly known. */
export const PARTIAL_DATE_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** Full ISO calendar date `yyyy-MM-dd`. */
export const ISO_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** `dd/MM/yyyy`, `MM/yyyy` or `yyyy` (the population system's form) → ISO partial date; undefined if malformed. */
export function fromVietnameseDate(text: string): string | undefined {
  const full = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (full) return checked(`${full[3]}-${full[2]}-${full[1]}`);
  const monthYear = /^(\d{2})\/(\d{4})$/.exec(text);
  if (monthYear) return checked(`${monthYear[2]}-${monthYear[1]}`);
  if (/^\d{4}$/.test(text)) return text;
  return undefined;
}

/** ISO partial date → the population system's `dd/MM/yyyy` / `MM/yyyy` / `yyyy`. */
export function toVietnameseDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return [day, month, year].filter((part) => part !== undefined).join('/');
}

function checked(iso: string): string | undefined {
  return PARTIAL_DATE_PATTERN.test(iso) ? iso : undefined;
}
