// Lookup routes: documented from their OpenAPI route like every other route, but checked in one synchronous zod
// pass in the handler instead of a validator middleware per request part. On the cache-hit path those middlewares
// (async parse, all headers copied into an object, three extra middleware hops) cost about as much as the rest
// of the request (profile in the README's benchmark section).
import { type OpenAPIHono, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { buildsOwnResponse } from './answer-headers.ts';
import type { GatewayEnv } from './env.ts';
import { OfficerHeadersSchema, type OfficerHeaders } from './schemas.ts';
import type { Language } from './language.ts';
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
/** Distinct valid inputs remembered per check; a commune's staff send the same few over and over. */
const MEMO_LIMIT = 1_000;
const checkOfficerHeaders = rememberedCheck(OfficerHeadersSchema);

export function registerLookupRoute<P extends Part, Q extends Part>(
  app: OpenAPIHono<GatewayEnv>,
  route: LookupRoute<P, Q>,
  handle: (c: Context<GatewayEnv>, input: LookupInput<P, Q>) => Response | Promise<Response>,
): void {
  app.openAPIRegistry.registerPath(route);
  const checkParams = route.request.params && rememberedCheck(route.request.params);
  const checkQuery = route.request.query && rememberedCheck(route.request.query);
  // Lookups answer with a Response of their own (lookup.ts), which carries the answer headers itself.
  app.get(route.path.replaceAll(/\/{(.+?)}/g, '/:$1'), buildsOwnResponse((c: Context<GatewayEnv>) => {
    const language = c.get('language');
    return handle(c, {
      params: checkParams?.(c.req.param(), language) as Parsed<P>,
      query: checkQuery?.(c.req.query(), language) as Parsed<Q>,
      headers: officerHeaders(c, language),
    });
  }));
}

function officerHeaders(c: Context<GatewayEnv>, language: Language): OfficerHeaders {
  const values: Record<string, string | undefined> = {};
  for (const name of OFFICER_HEADER_NAMES) values[name] = c.req.header(name);
  return checkOfficerHeaders(values, language);
}

/**
 * `checked(schema, …)` that remembers valid inputs by their raw values. The checks are pure, and a valid input
 * stays valid (a personal ID's birth year does not move into the future), so a repeat costs a JSON.stringify and a
 * map lookup instead of a zod pass; the officer sends the same headers all day, and the same subject is looked up
 * again while its dossier is handled. Failures are not remembered.
 */
function rememberedCheck<S extends z.ZodType>(schema: S): (raw: Record<string, string | undefined>, language: Language) => z.output<S> {
  const memo = new Map<string, z.output<S>>();
  return (raw, language) => {
    const key = JSON.stringify(raw);
    const known = memo.get(key);
    if (known !== undefined) return known;
    const value = checked(schema, raw, language);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, value);
    return value;
  };
}
