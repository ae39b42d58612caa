// The fault settings a simulator accepts and their validation, shared by `sim.faults.set()` and PUT /__sim/faults.

export type ErrorMode = 'http-503' | 'http-502' | 'http-504' | 'envelope' | 'off-contract';

/** A share of calls answered with a status and a `Retry-After` header. */
export interface RetryAfterFault {
  /** Share of business calls, 0..1. */
  rate: number;
  /** Value of the Retry-After header, in seconds. */
  retryAfterSeconds: number;
}

/** Every fault is optional; absent, zero or false means off. Rates are shares 0..1 drawn from a seeded PRNG. */
export interface Faults {
  /** Business and auth endpoints answer 503 at once: an outage that fails fast. */
  down?: boolean;
  /** Share of business calls that fail the way `errorMode` says. */
  errorRate?: number;
  /**
   * How `errorRate` failures look; default 'http-503'. 'envelope' is the upstream's own error in its format;
   * 'off-contract' a 200 in the upstream's syntax and envelope whose content breaks the contract.
   */
  errorMode?: ErrorMode;
  /**
   * With errorMode 'envelope': the upstream's own error code to answer with (population maKetQua such as '05',
   * civil-status maLoi such as 'HT422', land faultcode such as 'soap:Client.KhongTimThay'). Default: its
   * transient system error (99, HT500, soap:Server.LoiHeThong).
   */
  errorCode?: string;
  /**
   * The upstream's free-text message in every answer (moTa, thongBao, faultstring, WSO2 fault descriptions), and
   * the text inside garbage and off-contract bodies: how a sloppy or hostile upstream echoes personal data.
   */
  freeText?: string;
  /** Fixed delay before every business answer, in milliseconds. */
  latencyMs?: number;
  /** Uniform random extra delay, 0..latencyJitterMs milliseconds. */
  latencyJitterMs?: number;
  /** Accept business calls and never answer (until the client aborts or the server closes). */
  hang?: boolean;
  /** Share of business calls whose socket is destroyed without an answer. */
  resetRate?: number;
  /** Share of business calls that get headers with the full Content-Length, then half the body, then EOF. */
  truncateRate?: number;
  /** Share of business calls answered 200 with a body that is not the upstream's format. */
  garbageRate?: number;
  /** 429 with Retry-After. */
  rateLimit?: RetryAfterFault;
  /** 503 with Retry-After. */
  unavailable?: RetryAfterFault;
  /** Business calls arriving while this many are in flight are refused as busy; 0 = no cap. */
  maxConcurrent?: number;
  /** Share of token fetches / logins that fail transiently. */
  authFailureRate?: number;
  /** Token fetch / login always fails as if the credentials were wrong. */
  authDown?: boolean;
}

const RATES = ['errorRate', 'resetRate', 'truncateRate', 'garbageRate', 'authFailureRate'] as const;
const DURATIONS = ['latencyMs', 'latencyJitterMs'] as const;
const FLAGS = ['down', 'hang', 'authDown'] as const;
const RETRY_AFTER = ['rateLimit', 'unavailable'] as const;
const ERROR_MODES: readonly ErrorMode[] = ['http-503', 'http-502', 'http-504', 'envelope', 'off-contract'];
const TEXTS = { errorCode: 64, freeText: 2_000 } as const;
const KNOWN = new Set<string>([...RATES, ...DURATIONS, ...FLAGS, ...RETRY_AFTER, ...Object.keys(TEXTS), 'errorMode', 'maxConcurrent']);

const isRate = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isDuration = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 600_000;

function retryAfterProblem(key: string, value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${key} must be {rate, retryAfterSeconds}`;
  const { rate, retryAfterSeconds, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return `${key} has unknown keys: ${Object.keys(rest).join(', ')}`;
  if (!isRate(rate)) return `${key}.rate must be a number from 0 to 1`;
  if (!isCount(retryAfterSeconds)) return `${key}.retryAfterSeconds must be a whole number of seconds >= 0`;
  return null;
}

function problemOf(key: string, value: unknown): string | null {
  if (!KNOWN.has(key)) return `unknown fault "${key}"`;
  if (value === null) return null; // null unsets a key in a merge
  if ((RATES as readonly string[]).includes(key)) return isRate(value) ? null : `${key} must be a number from 0 to 1`;
  if ((DURATIONS as readonly string[]).includes(key)) return isDuration(value) ? null : `${key} must be milliseconds 0..600000`;
  if ((FLAGS as readonly string[]).includes(key)) return typeof value === 'boolean' ? null : `${key} must be true or false`;
  if ((RETRY_AFTER as readonly string[]).includes(key)) return retryAfterProblem(key, value);
  if (key in TEXTS) {
    const max = TEXTS[key as keyof typeof TEXTS];
    return typeof value === 'string' && value.length > 0 && value.length <= max ? null : `${key} must be text of 1..${max} characters`;
  }
  if (key === 'errorMode') return ERROR_MODES.includes(value as ErrorMode) ? null : `errorMode must be one of ${ERROR_MODES.join(', ')}`;
  return isCount(value) ? null : 'maxConcurrent must be a whole number >= 0';
}

export type FaultPatch = { [K in keyof Faults]?: Faults[K] | null };

/** Checks a patch (e.g. a PUT body); returns the problems, empty when it is valid. */
export function validateFaultPatch(input: unknown): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return ['faults must be a JSON object'];
  return Object.entries(input).flatMap(([key, value]) => problemOf(key, value) ?? []);
}

/** Merges a valid patch into current faults: null removes a key, anything else replaces it. */
export function mergeFaults(current: Faults, patch: FaultPatch): Faults {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined) delete next[key];
    else next[key] = typeof value === 'object' ? { ...value } : value;
  }
  return next as Faults;
}
