// First middleware of every request: request id, language, child logger, deadline, span, and one access-log line
// (with the audit record of a personal-data call).
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { maskPersonalText } from '../domain/personal-text.ts';
import { addAnswerHeader, startAnswerHeaders } from './answer-headers.ts';
import { auditRecord } from './audit.ts';
import type { GatewayEnv } from './env.ts';
import { LazyChildLogger } from './lazy-logger.ts';
import { pickLanguage } from './language.ts';
import type { Services } from './services.ts';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,64}$/;

export function createRequestContext(services: Services): MiddlewareHandler<GatewayEnv> {
  const log = services.logger.child({ component: 'http' });
  // Present only when telemetry is on (src/runtime/telemetry.ts): without it no span is made at all, which
  // showed in the cache-hit profile even as the API's no-op spans.
  const { tracer } = services;
  return async function requestContext(c, next) {
    const startedAt = services.now();
    const offered = c.req.header('x-request-id');
    // A client's own ID is kept (masked like any ID in it: some use a citizen's ID or a dossier code); anything not
    // shaped like an ID is replaced by one of ours.
    const requestId = offered && REQUEST_ID_PATTERN.test(offered) ? maskPersonalText(offered) : services.newId();
    c.set('services', services);
    c.set('requestId', requestId);
    c.set('language', pickLanguage(c.req.header('accept-language')));
    c.set('log', new LazyChildLogger(log, { requestId }));
    c.set('deadlineAt', startedAt + requestTimeoutMs(c.req.header('request-timeout'), services.maxRequestTimeoutMs));
    c.set('gatewayDeadlineAt', startedAt + services.maxRequestTimeoutMs);
    // Set before the handler runs: touching headers of a finished Response forces @hono/node-server off its
    // fast path (measured: /health/live went from about 10,000 to 21,000 req/s on one core).
    startAnswerHeaders(c);
    addAnswerHeader(c, 'X-Request-Id', requestId);
    // Named by method alone until routing has run; never by the URL path (it carries personal IDs).
    const span = tracer?.startSpan(c.req.method, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': c.req.method, 'gateway.request_id': requestId },
    });
    try {
      // Active for the handler, so upstream calls at the seam become child spans.
      if (span) await context.with(trace.setSpan(context.active(), span), next);
      else await next();
    } finally {
      // The route pattern, never the URL: paths carry personal IDs.
      const route = routePath(c);
      const status = c.res.status;
      if (span) {
        span.updateName(`${c.req.method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
      // One line per request; a personal-data call's audit record rides on it (audit.ts).
      const audit = c.get('audit');
      log.info({ requestId, method: c.req.method, route, status, ms: services.now() - startedAt, audit: audit && auditRecord(audit) }, 'request');
    }
  };
}

/** `Request-Timeout: <seconds>` lets a client ask for less than the gateway's maximum, never more. */
export function requestTimeoutMs(header: string | undefined, maxMs: number): number {
  const seconds = header === undefined ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(maxMs, Math.round(seconds * 1000)) : maxMs;
}
