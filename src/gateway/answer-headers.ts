// Headers every answer of a request carries, whatever route gives it: X-Request-Id, and on /v1 the RateLimit fields.
// Answers Hono builds (c.json, c.body) take them through c.header, set before the handler runs. A route that builds
// its own Response (the lookups, registered with `buildsOwnResponse`) gets them as a plain object instead, and so do
// problems (sendProblem): making Hono's Headers object for a lookup cost about 2 % of a cache hit.
import { matchedRoutes } from 'hono/route';
import type { Context } from 'hono';
import type { GatewayEnv } from './env.ts';

// Weakly held: handlers live as long as their app.
const ownResponseHandlers = new WeakSet<object>();

/**
 * Marks a route handler that answers with a Response of its own, made with `answerHeadersOf(c)` among its headers.
 * A request is marked as soon as such a handler is among its matched routes, so whatever else may answer on its
 * path (a middleware refusing it, the error handler) must answer through sendProblem or spread `answerHeadersOf(c)`
 * too. Register it on the app itself: a sub-app mounted with `app.route()` wraps its handlers, and the mark is lost.
 */
export function buildsOwnResponse<H extends object>(handler: H): H {
  ownResponseHandlers.add(handler);
  return handler;
}

/** Called once, first thing in a request: decides where this request's answer headers are kept. */
export function startAnswerHeaders(c: Context<GatewayEnv>): void {
  const ownResponse = matchedRoutes(c).some((route) => ownResponseHandlers.has(route.handler));
  c.set('answerHeaders', ownResponse ? {} : undefined);
}

/** Adds a header every answer of this request carries. */
export function addAnswerHeader(c: Context<GatewayEnv>, name: string, value: string): void {
  const headers = c.get('answerHeaders');
  if (headers) headers[name] = value;
  else c.header(name, value);
}

/** The answer headers a Response built by hand must carry (empty where Hono adds them itself). */
export function answerHeadersOf(c: Context<GatewayEnv>): Readonly<Record<string, string>> {
  return c.get('answerHeaders') ?? NONE;
}

const NONE: Readonly<Record<string, string>> = Object.freeze({});
