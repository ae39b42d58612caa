// The inspector's copy of the audit log: rows as CSV (RFC 4180, UTF-8 with a BOM, Hà Nội times) or JSON lines,
// with seq and hash so each row can be checked against the chain. Pure: the CLI pages rows in and writes these out.
import { isoInVietnam } from '../health/page/format.ts';
import type { AuditRow } from './record.ts';

export type ExportFormat = 'csv' | 'jsonl';

const COLUMNS = [
  'seq', 'time', 'client', 'commune_code', 'officer_ref', 'purpose', 'case_id', 'operation', 'subject_ref', 'outcome', 'freshness',
  'request_id', 'hash',
] as const;

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // A spreadsheet would run a cell starting with = + - @ as a formula; client names and purposes come from outside.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The first line of the file (CSV header with a BOM; nothing for JSON lines). */
export function exportHeader(format: ExportFormat): string {
  return format === 'csv' ? `\uFEFF${COLUMNS.join(',')}\r\n` : '';
}

export function exportLine(row: AuditRow, format: ExportFormat): string {
  const values = [
    row.seq, isoInVietnam(row.at), row.client, row.communeCode, row.officerRef, row.purpose, row.caseId, row.operation, row.subjectRef,
    row.outcome, row.freshness, row.requestId, row.hash,
  ];
  if (format === 'csv') return `${values.map(cell).join(',')}\r\n`;
  return `${JSON.stringify(Object.fromEntries(COLUMNS.map((column, index) => [column, values[index]])))}\n`;
}

/** `2026-03-01` (midnight in Hà Nội) or a full ISO time with offset, as epoch ms; undefined if neither. */
export function parseExportTime(text: string): number | undefined {
  const value = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00+07:00` : text);
  return Number.isFinite(value) ? value : undefined;
}
