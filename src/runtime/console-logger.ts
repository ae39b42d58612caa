// The Workers logger: one JSON line per event through console.log (Workers Logs and `wrangler tail` collect it),
// in the shape pino writes on Node (numeric level, ISO time, service, bindings, msg), personal keys censored by
// the same paths and errors by the same allow-list. pino itself needs Node's streams and worker threads.
import type { Logger } from '../gateway/services.ts';
import { serializeError } from './error-serializer.ts';
import { LOGGED_OBJECTS, PERSONAL_KEYS } from './log-redaction.ts';

const LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const;
type Level = keyof typeof LEVELS;
const PERSONAL = new Set(PERSONAL_KEYS);

/** Censors personal keys at the top level and inside `err` and `err.context`, as pino's redaction does. */
function redact(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (PERSONAL.has(key)) out[key] = '[redacted]';
    else if (depth < LOGGED_OBJECTS.length && (key === 'err' || (depth === 1 && key === 'context')) && value && typeof value === 'object') {
      out[key] = redact(value as Record<string, unknown>, depth + 1);
    } else out[key] = value;
  }
  return out;
}

export interface ConsoleLoggerOptions {
  level: string;
  /** Where a line goes; console.log by default (tests capture lines). */
  write?: (line: string) => void;
  bindings?: Record<string, unknown>;
}

export function createConsoleLogger(options: ConsoleLoggerOptions): Logger {
  const threshold = LEVELS[options.level as Level] ?? LEVELS.info;
  const write = options.write ?? ((line: string) => console.log(line));
  const bindings = { service: 'commune-gateway', ...options.bindings };
  const at = (level: Level) => function log(object: object, message?: string): void {
    if (LEVELS[level] < threshold) return;
    const fields: Record<string, unknown> = { ...(object as Record<string, unknown>) };
    if (fields['err'] !== undefined) fields['err'] = serializeError(fields['err']);
    const line = { level: LEVELS[level], time: new Date().toISOString(), ...bindings, ...redact(fields), ...(message === undefined ? {} : { msg: message }) };
    write(JSON.stringify(line));
  };
  return {
    debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'),
    child: (more) => createConsoleLogger({ ...options, bindings: { ...options.bindings, ...more } }),
  };
}
