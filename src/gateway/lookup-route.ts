// Lookup routes: documented from their OpenAPI route like every other route, but checked in one synchronous zod
// pass in the handler instead of a validator middleware per request part. On the cache-hit path those middlewares
// (async parse, all headers copied into an object, three extra middleware hops) cost about as much as the rest
// of the request (profile in the README's benchmark section).
import { type OpenAPIHono, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { GatewayEnv } from './env.ts';
import { OfficerHeadersSchema, type OfficerHeaders } from './schemas.ts';
import { checked } from './validation.ts';

type Part = z.ZodObject | undefined;
type Parsed<S extends Part> = S extends z.ZodObject ? z.output<S> : undefined;

export interface LookupRoute<P extends Part, Q extends Part> extends RouteConfig {
  method: 'get';
  request: { params?: P; query?: Q; headers: typeof OfficerHeadersSchema };
}

export interface LookupInput<P extends Part, Q extends Part> {
  params: Parsed<P>;
  query: Parsed<Q>;
  headers: OfficerHeaders;
}

const OFFICER_HEADER_NAMES = Object.keys(OfficerHeadersSchema.shape) as (keyof OfficerHeaders)[];
/** Distinct officer-header sets remembered; a commune's staff send the same few over and over. */
const OFFICER_MEMO_LIMIT = 1_000;
const officerMemo = new Map<string, OfficerHeaders>();

export function registerLookupRoute<P extends Part, Q extends Part>(
  app: OpenAPIHono<GatewayEnv>,
  route: LookupRoute<P, Q>,
  handle: (c: Context<GatewayEnv>, input: LookupInput<P, Q>) => Response | Promise<Response>,
): void {
  app.openAPIRegistry.registerPath(route);
  const { params, query } = route.request;
  app.get(route.path.replaceAll(/\/{(.+?)}/g, '/:$1'), (c) => {
    const language = c.get('language');
    return handle(c, {
      params: (params ? checked(params, c.req.param(), language) : undefined) as Parsed<P>,
      query: (query ? checked(query, c.req.query(), language) : undefined) as Parsed<Q>,
      headers: officerHeaders(c),
    });
  });
}

/**
 * The officer headers, checked. Valid sets are remembered by their raw values: the check is pure and the same
 * officer sends the same set all day, so a repeat costs a string join and a map lookup instead of a zod pass.
 */
function officerHeaders(c: Context<GatewayEnv>): OfficerHeaders {
  const values: Record<string, string | undefined> = {};
  let key = '';
  for (const name of OFFICER_HEADER_NAMES) {
    const value = c.req.header(name);
    values[name] = value;
    // A separator no header value can hold (RFC 9110 field values exclude control characters).
    key += `${value ?? '\u0000'}\u0001`;
  }
  const known = officerMemo.get(key);
  if (known) return known;
  const headers = checked(OfficerHeadersSchema, values, c.get('language'));
  if (officerMemo.size >= OFFICER_MEMO_LIMIT) officerMemo.clear();
  officerMemo.set(key, headers);
  return headers;
}
