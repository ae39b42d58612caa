// Runs one lookup through its upstream's pipeline and writes the answer: data, meta, Cache-Status and Age.
import type { Context } from 'hono';
import type { RequestContext } from '../adapters/contract.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { GatewayEnv } from './env.ts';
import { writeAudit } from './audit.ts';
import { HttpProblem } from './errors.ts';

export interface LookupOptions<T> {
  upstream: UpstreamName;
  operation: string;
  /** Arguments that identify the answer (for cache and single-flight), e.g. the personal ID. */
  args: readonly string[];
  run: (request: RequestContext) => Promise<T>;
  /** Per-client shaping of the cached canonical value (e.g. leaving out religion). */
  present?: (value: T) => unknown;
}

export async function answerLookup<T>(c: Context<GatewayEnv>, options: LookupOptions<T>): Promise<Response> {
  const services = c.get('services');
  const caller = services.upstreams[options.upstream];
  const base = requestContextOf(c);
  const deadlineAt = Math.min(c.get('deadlineAt'), services.now() + caller.deadlineMs(options.operation));
  const audit = (outcome: string) => writeAudit(c.get('log'), {
    client: c.get('client').name, communeCode: base.communeCode, officerId: base.officerId, purpose: base.purpose,
    caseId: base.caseId, operation: options.operation, subject: options.args, outcome,
  });
  const { value, outcome } = await caller.execute(
    {
      operation: options.operation,
      key: `${options.operation}:${options.args.join('/')}`,
      // The pipeline's timeout policy enforces deadlineAt, so no timer per request here; joiners of a shared call
      // wait for that call's deadline.
      signal: base.signal,
      deadlineAt,
      bypassCache: /\bno-cache\b/i.test(c.req.header('cache-control') ?? ''),
      communeCode: base.communeCode,
    },
    ({ signal }) => options.run({ ...base, signal }),
  ).catch((error: unknown) => {
    audit((error as { code?: string }).code ?? 'error');
    throw error;
  });
  audit(outcome.freshness);
  const headers: Record<string, string> = { 'Cache-Control': 'private, no-store', 'Cache-Status': outcome.cacheStatus };
  if (outcome.freshness !== 'fresh') headers['Age'] = String(outcome.ageSeconds);
  const meta = {
    source: options.upstream,
    fetchedAt: new Date(outcome.fetchedAt).toISOString(),
    freshness: outcome.freshness,
    ageSeconds: outcome.ageSeconds,
  };
  return c.json({ data: options.present ? options.present(value) : value, meta }, 200, headers);
}

/** Who asks and why, from the validated officer headers; the commune defaults to the key's first one. */
export function requestContextOf(c: Context<GatewayEnv>): RequestContext {
  const client = c.get('client');
  const communeCode = c.req.header('x-commune-code') ?? client.communes[0] ?? '';
  if (!client.communes.includes(communeCode)) {
    throw new HttpProblem('forbidden-commune', undefined, { communeCode });
  }
  return {
    communeCode,
    officerId: c.req.header('x-officer-id') ?? '',
    purpose: c.req.header('x-purpose') ?? '',
    caseId: c.req.header('x-case-id'),
    requestId: c.get('services').newId(),
    signal: c.req.raw.signal,
  };
}
