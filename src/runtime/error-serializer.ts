// How an error becomes a log entry: by allow-list. A classified error's context keeps only the keys listed here,
// each only with the kind of value it is meant to hold; a key an adapter adds later stays out of the logs until it
// is listed. Messages are masked, causes reduced to their type and code.
import { maskPersonalText } from '../domain/personal-text.ts';

type Check = (value: unknown) => boolean;

const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isHash: Check = (value) => typeof value === 'string' && /^[0-9a-f]{8}$/.test(value);
/** Operation names, upstream codes, states: short, no spaces, no run of five digits; or `?hash` for a hidden code. */
const isCode: Check = (value) => typeof value === 'string'
  && ((/^[\w.:-]{1,64}$/.test(value) && !/\d{5}/.test(value)) || (value.startsWith('?') && isHash(value.slice(1))));
/** A fingerprint of upstream free text (src/adapters/log-safe.ts): its length and hash. */
const isFingerprint: Check = (value) => isRecord(value) && isNumber(value['chars']) && isHash(value['fnv1a']) && Object.keys(value).length === 2;
/** A payload described by length, hash and shape (keys and types, src/adapters/log-safe.ts). */
const isPayload: Check = (value) => isRecord(value) && isNumber(value['chars']) && isHash(value['fnv1a']) && typeof value['shape'] === 'string'
  && Object.keys(value).length === 3;
/** zod issues of an upstream payload: schema paths and our own messages. */
const isIssues: Check = (value) => Array.isArray(value) && value.length <= 5 && value.every((issue) => typeof issue === 'string');

/** Every context key a GatewayError may carry into the logs, with the check its value must pass. */
const CONTEXT_FIELDS: Record<string, Check> = {
  operation: isCode, status: isNumber, attempt: isNumber, timeoutMs: isNumber,
  group: isCode, state: isCode, name: isCode, reason: isCode,
  maKetQua: isCode, maLoi: isCode, faultcode: isCode, error: isCode,
  moTa: isFingerprint, thongBao: isFingerprint, faultstring: isFingerprint,
  payload: isPayload, issues: isIssues,
};

const MAX_CAUSE_DEPTH = 3;

/**
 * pino's `err` serializer. A classified error (anything with a `code` and a `context`, including the plain object
 * the HTTP edge logs) keeps code, upstream, masked message and the allowed context; any other error keeps its type,
 * masked message, stack and code. Causes keep type and code only: a parser's message quotes what it parsed.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!isRecord(error)) return typeof error === 'string' ? maskPersonalText(error, 500) : error;
  const message = typeof error['message'] === 'string' ? maskPersonalText(error['message'], 500) : undefined;
  const type = error instanceof Error ? error.name : 'Object';
  const code = isCode(error['code']) ? error['code'] : undefined;
  const cause = depth < MAX_CAUSE_DEPTH && error['cause'] !== undefined ? causeOf(error['cause'], depth + 1) : undefined;
  if (isRecord(error['context'])) {
    return {
      type, code, message, upstream: isCode(error['upstream']) ? error['upstream'] : undefined,
      retryAfterSeconds: isNumber(error['retryAfterSeconds']) ? error['retryAfterSeconds'] : undefined,
      context: allowedContext(error['context']), cause,
    };
  }
  return { type, code, message, stack: typeof error['stack'] === 'string' ? maskPersonalText(error['stack'], 4_000) : undefined, cause };
}

/** The allowed keys of `context` whose values pass their check; everything else is dropped, named in `dropped`. */
export function allowedContext(context: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    if (CONTEXT_FIELDS[key]?.(value)) kept[key] = value;
    else dropped.push(/^\w{1,32}$/.test(key) ? key : '?');
  }
  return dropped.length > 0 ? { ...kept, dropped } : kept;
}

function causeOf(cause: unknown, depth: number): unknown {
  if (!isRecord(cause)) return { type: typeof cause };
  const inner = depth < MAX_CAUSE_DEPTH && cause['cause'] !== undefined ? causeOf(cause['cause'], depth + 1) : undefined;
  return { type: cause instanceof Error ? cause.name : 'Object', code: isCode(cause['code']) ? cause['code'] : undefined, cause: inner };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
