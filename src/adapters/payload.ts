// Turning raw upstream bodies into typed wire values: a malformed body is a retryable error, never a crash.
import type { z } from 'zod';
import { TransientError } from '../domain/errors.ts';
import type { CallSite } from './http.ts';
import { describePayload } from './log-safe.ts';

/**
 * The error for a body we cannot use: transient (the next answer may be fine). Its context describes the payload
 * by length, hash and shape (keys and types), never by its values: upstreams put names and IDs everywhere. The
 * parser's own error is never the cause: V8's JSON.parse message quotes the text it failed on.
 */
export function malformed(site: CallSite, problem: string, raw: string, context: Record<string, unknown> = {}, cause?: unknown): TransientError {
  return new TransientError(`${site.upstream} sent ${problem} (${site.operation})`, {
    upstream: site.upstream,
    cause,
    context: { operation: site.operation, payload: describePayload(raw), ...context },
  });
}

/** JSON.parse that classifies a non-JSON or truncated body. */
export function parseJson(raw: string, site: CallSite): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw malformed(site, 'a body that is not JSON', raw);
  }
}

/** Validates a wire value against its zod schema; a mismatch names the failing paths (never the values). */
export function parseWire<S extends z.ZodType>(schema: S, value: unknown, raw: string, site: CallSite): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw malformed(site, 'a payload that does not match its contract', raw, { issues });
}

/** Validates then maps; a mapping bug on an odd payload is classified like a malformed one. */
export function decode<S extends z.ZodType, T>(schema: S, value: unknown, raw: string, site: CallSite, map: (wire: z.output<S>) => T): T {
  const wire = parseWire(schema, value, raw, site);
  try {
    return map(wire);
  } catch (error) {
    // Our own mapping code threw (a bug, or a case the schema let through); its message is ours, not the upstream's.
    throw malformed(site, 'a payload the adapter could not map', raw, {}, error);
  }
}
