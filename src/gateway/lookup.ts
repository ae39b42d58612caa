// Runs one lookup through its upstream's pipeline and writes the answer: data, meta, Cache-Status and Age.
import type { Context } from 'hono';
import type { RequestContext } from '../adapters/contract.ts';
import type { UpstreamName } from '../domain/errors.ts';
import { maskPersonalText } from '../domain/personal-text.ts';
import { answerHeadersOf } from './answer-headers.ts';
import { answerBytes, type AnswerMeta, type Presenter } from './answer-json.ts';
import { recordAudit } from './audit.ts';
import type { GatewayEnv } from './env.ts';
import { HttpProblem } from './errors.ts';
import type { OfficerHeaders } from './schemas.ts';
import type { CacheProbe, UpstreamCall } from './services.ts';
import type { CallOutcome } from '../resilience/types.ts';

export interface LookupOptions<T> {
  upstream: UpstreamName;
  operation: string;
  /** Arguments that identify the answer (for cache and single-flight), e.g. the personal ID. */
  args: readonly string[];
  run: (request: RequestContext) => Promise<T>;
  /** Per-client shaping of the cached canonical value (e.g. leaving out religion); a module-level function. */
  present?: Presenter;
  /**
   * The commune the upstream judges the call by, when it is not the asking one: a parcel's commune for the land
   * system. Health records a refusal against it, and cached answers follow its confirmations.
   */
  upstreamCommune?: string;
  /** Refuses an answer the client may not see (throws an HttpProblem), cached or fresh; e.g. land scope by result. */
  mayReceive?: (value: T) => void;
  /** Said in `meta` when the commune code was translated between unit schemes for the upstream. */
  unitTranslation?: AnswerMeta['unitTranslation'];
}

const NO_CACHE = /\bno-cache\b/i;

/**
 * A fresh cache hit is answered synchronously (the pipeline's `cached`); anything else goes through every policy
 * (`execute`). Skipping the asynchronous policy chain on hits showed in the cache-hit profile.
 */
export function answerLookup<T>(c: Context<GatewayEnv>, officer: OfficerHeaders, options: LookupOptions<T>): Response | Promise<Response> {
  const services = c.get('services');
  const caller = services.upstreams[options.upstream];
  const communeCode = communeOf(c, officer);
  const audit = (outcome: string, freshness?: string) => {
    const { purpose, caseId } = freeTextOf(officer);
    recordAudit(c, {
      client: c.get('client').name, communeCode, officerId: officer['x-officer-id'], purpose, caseId, operation: options.operation,
      subject: options.args, outcome, freshness,
    });
  };
  const failed = (error: unknown): never => {
    audit((error as { code?: string }).code ?? 'error');
    throw error;
  };
  const probe: CacheProbe = {
    operation: options.operation,
    key: `${options.operation}:${options.args.join('/')}`,
    bypassCache: officer['cache-control'] !== undefined && NO_CACHE.test(officer['cache-control']),
    communeCode: options.upstreamCommune ?? communeCode,
  };
  let hit: { value: T; outcome: CallOutcome } | undefined;
  try {
    hit = caller.cached?.<T>(probe);
  } catch (error) {
    failed(error);
  }
  if (hit) return answer(c, options, hit.value, hit.outcome, audit);
  // Only a call that goes upstream needs its own request id (maYeuCau) and the client's abort signal.
  const request = requestContextOf(c, officer, communeCode);
  // The pipeline enforces the deadlines, so no timer per request here. The upstream's own deadline (its operation's,
  // within the gateway's limit) is what the shared upstream call runs to; a client's shorter Request-Timeout only
  // ends this caller's wait, and says nothing about the upstream.
  const upstreamDeadlineAt = Math.min(c.get('gatewayDeadlineAt'), services.now() + caller.deadlineMs(options.operation));
  const call: UpstreamCall = {
    ...probe,
    signal: request.signal,
    deadlineAt: Math.min(c.get('deadlineAt'), upstreamDeadlineAt),
    upstreamDeadlineAt,
    clientKey: c.get('client').keySha256,
  };
  return caller
    .execute(call, ({ signal }) => options.run({ ...request, signal }))
    .then(({ value, outcome }) => answer(c, options, value, outcome, audit), failed);
}

function answer<T>(c: Context<GatewayEnv>, options: LookupOptions<T>, value: T, outcome: CallOutcome, audit: (outcome: string, freshness?: string) => void): Response {
  try {
    options.mayReceive?.(value);
  } catch (error) {
    audit((error as { kind?: string }).kind ?? 'refused');
    throw error;
  }
  audit('answered', outcome.freshness);
  const meta: AnswerMeta = { source: options.upstream, fetchedAt: outcome.fetchedAt, freshness: outcome.freshness, ageSeconds: outcome.ageSeconds };
  if (options.unitTranslation) meta.unitTranslation = options.unitTranslation;
  // A plain header object on a Response of our own, not c.body(): Hono would copy the headers into a Headers
  // object, which takes @hono/node-server off its fast path (the cache-hit profile showed both).
  const headers: Record<string, string> = {
    ...answerHeadersOf(c),
    'Content-Type': 'application/json',
    'Cache-Control': 'private, no-store',
    'Cache-Status': outcome.cacheStatus,
    // On every answer, 0 for one the upstream gave just now (RFC 9111 §5.1): a client needs no rule for its absence.
    Age: String(outcome.ageSeconds),
  };
  return new Response(answerBytes(value, meta, options.present) as Uint8Array<ArrayBuffer>, { status: 200, headers });
}

/** Who asks and why, from the validated officer headers; the commune defaults to the key's first one. */
export function requestContextOf(c: Context<GatewayEnv>, headers: OfficerHeaders, communeCode = communeOf(c, headers)): RequestContext {
  return {
    communeCode,
    officerId: headers['x-officer-id'],
    ...freeTextOf(headers),
    requestId: c.get('services').newId(),
    signal: c.req.raw.signal,
  };
}

/**
 * X-Purpose and X-Case-Id as the gateway keeps them (logs, audit log, tickets, upstream): with what looks like a
 * personal ID or a birth date masked. People type citizens' details into them; the validation caps their length.
 */
export function freeTextOf(headers: OfficerHeaders): FreeText {
  let freeText = maskedFreeText.get(headers);
  if (freeText === undefined) {
    const caseId = headers['x-case-id'];
    freeText = { purpose: maskPersonalText(headers['x-purpose']), caseId: caseId === undefined ? undefined : maskPersonalText(caseId) };
    maskedFreeText.set(headers, freeText);
  }
  return freeText;
}

interface FreeText {
  purpose: string;
  caseId: string | undefined;
}

// Valid officer headers are remembered and handed out as the same object (lookup-route.ts), so their masked free
// text is worked out once per set, not on every cache hit.
const maskedFreeText = new WeakMap<OfficerHeaders, FreeText>();

/** The commune asking: `X-Commune-Code`, or the key's first commune; one the key is not bound to is refused. */
function communeOf(c: Context<GatewayEnv>, headers: OfficerHeaders): string {
  const client = c.get('client');
  const communeCode = headers['x-commune-code'] ?? client.communes[0] ?? '';
  if (!client.communes.includes(communeCode)) {
    throw new HttpProblem('forbidden-commune', undefined, { communeCode });
  }
  return communeCode;
}
