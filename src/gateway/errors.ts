// The HTTP edge's error handler: maps the domain error family (and our own HttpProblem) to RFC 9457 answers.
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isGatewayError } from '../domain/errors.ts';
import { answerHeadersOf } from './answer-headers.ts';
import type { GatewayEnv } from './env.ts';
import { pickLanguage } from './language.ts';
import { problem, upstreamDetail, type Problem, type ProblemKind } from './problems.ts';

/** A problem decided at the edge itself (forbidden commune, bad request…). */
export class HttpProblem extends Error {
  readonly kind: ProblemKind;
  readonly extra: Record<string, unknown>;
  constructor(kind: ProblemKind, detail?: string, extra: Record<string, unknown> = {}) {
    super(detail ?? kind);
    this.name = 'HttpProblem';
    this.kind = kind;
    this.extra = extra;
  }
}

/** Seconds to suggest in Retry-After when the upstream gave none. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

export function sendProblem(c: Context<GatewayEnv>, body: Problem, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), body.status as 400, { ...answerHeadersOf(c), ...headers, 'Content-Type': 'application/problem+json' });
}

export const handleError: ErrorHandler<GatewayEnv> = function handleError(error, c) {
  const language = c.get('language') ?? pickLanguage(c.req.header('accept-language'));
  if (error instanceof HttpProblem) {
    return sendProblem(c, problem(error.kind, language, error.message === error.kind ? undefined : error.message, error.extra));
  }
  if (isGatewayError(error)) {
    // Adapters put no upstream text into context, and the logger keeps only allow-listed context keys.
    c.get('log')?.warn({ err: { code: error.code, upstream: error.upstream, message: error.message, context: error.context } }, 'upstream call failed');
    const body = problem(error.code, language, upstreamDetail(error, language), { upstream: error.upstream });
    if (body.status !== 503) return sendProblem(c, body);
    const retryAfterSeconds = Math.max(1, Math.ceil(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS));
    return sendProblem(c, { ...body, retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
  }
  if (error instanceof HTTPException && error.status < 500) {
    const detail = language === 'vi' ? 'Thân yêu cầu không phải JSON hợp lệ.' : 'The request body is not valid JSON.';
    return sendProblem(c, problem('bad-request', language, error.status === 400 ? detail : error.message));
  }
  // Unexpected: log with the stack, answer without it.
  (c.get('log') ?? c.get('services').logger).error({ err: error }, 'unhandled error');
  return sendProblem(c, problem('internal', language));
};
