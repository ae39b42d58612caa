// Turning raw upstream bodies into typed wire values: a malformed body is a retryable error, never a crash.
import type { z } from 'zod';
import { TransientError } from '../domain/errors.ts';
import type { CallSite } from './http.ts';

const SNIPPET_MAX_CHARS = 200;
const SCAN_MAX_CHARS = 2_000;
const NAME_KEYS = 'hoVaTen|hoTen|ten|tenDangNhap|matKhau|phien|access_token|chiTiet|noiSinh|noiChet|canCu|diaChi';
const JSON_NAME_VALUE = new RegExp(`("(?:${NAME_KEYS})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*("?)`, 'gi');
const XML_NAME_VALUE = new RegExp(`(<(?:[\\w-]+:)?(?:${NAME_KEYS})>)[^<]*`, 'gi');
const ID_NUMBER = /(?<!\d)(?:\d{12}|\d{9})(?!\d)/g;

/**
 * A short (≤ 200 chars) excerpt of a raw payload safe for logs: 12-digit personal IDs and 9-digit card numbers,
 * and the values of name-ish keys (hoVaTen, HoTen, …, tokens and passwords) are replaced by `***`.
 */
export function redactSnippet(raw: string): string {
  const redacted = raw
    .slice(0, SCAN_MAX_CHARS)
    .replace(JSON_NAME_VALUE, '$1***$2')
    .replace(XML_NAME_VALUE, '$1***')
    .replace(ID_NUMBER, '***')
    .replace(/\s+/g, ' ')
    .trim();
  return redacted.length > SNIPPET_MAX_CHARS ? `${redacted.slice(0, SNIPPET_MAX_CHARS - 1)}…` : redacted;
}

/** The error for a body we cannot use: transient (the next answer may be fine), with a redacted snippet. */
export function malformed(site: CallSite, problem: string, raw: string, cause?: unknown, context: Record<string, unknown> = {}): TransientError {
  return new TransientError(`${site.upstream} sent ${problem} (${site.operation})`, {
    upstream: site.upstream,
    cause,
    context: { operation: site.operation, snippet: redactSnippet(raw), ...context },
  });
}

/** JSON.parse that classifies a non-JSON or truncated body. */
export function parseJson(raw: string, site: CallSite): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw malformed(site, 'a body that is not JSON', raw, error);
  }
}

/** Validates a wire value against its zod schema; a mismatch names the failing paths (never the values). */
export function parseWire<S extends z.ZodType>(schema: S, value: unknown, raw: string, site: CallSite): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw malformed(site, 'a payload that does not match its contract', raw, result.error, { issues });
}

/** Validates then maps; a mapping bug on an odd payload is classified like a malformed one. */
export function decode<S extends z.ZodType, T>(schema: S, value: unknown, raw: string, site: CallSite, map: (wire: z.output<S>) => T): T {
  const wire = parseWire(schema, value, raw, site);
  try {
    return map(wire);
  } catch (error) {
    throw malformed(site, 'a payload the adapter could not map', raw, error);
  }
}
