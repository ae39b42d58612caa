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

export function registerLookupRoute<P extends Part, Q extends Part>(
  app: OpenAPIHono<GatewayEnv>,
  route: LookupRoute<P, Q>,
  handle: (c: Context<GatewayEnv>, input: LookupInput<P, Q>) => Promise<Response>,
): void {
  app.openAPIRegistry.registerPath(route);
  const { params, query } = route.request;
  app.get(route.path.replaceAll(/\/{(.+?)}/g, '/:$1'), (c) => {
    const language = c.get('language');
    const headerValues: Record<string, string | undefined> = {};
    for (const name of OFFICER_HEADER_NAMES) headerValues[name] = c.req.header(name);
    return handle(c, {
      params: (params ? checked(params, c.req.param(), language) : undefined) as Parsed<P>,
      query: (query ? checked(query, c.req.query(), language) : undefined) as Parsed<Q>,
      headers: checked(OfficerHeadersSchema, headerValues, language),
    });
  });
}
