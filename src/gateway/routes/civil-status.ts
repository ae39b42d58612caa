// Civil-status lookups: births, marriages, deaths by personal ID, and marital status.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { BirthRecordSchema, DeathRecordSchema, MaritalStatusSchema, MarriageRecordSchema } from '../../domain/civil-status.ts';
import type { CivilStatusAdapter } from '../../adapters/contract.ts';
import type { GatewayEnv } from '../env.ts';
import { answerLookup } from '../lookup.ts';
import { registerLookupRoute } from '../lookup-route.ts';
import { CheckedPersonalIdSchema, OfficerHeadersSchema, personalIdParam } from '../schemas.ts';
import { lookupResponses } from './responses.ts';

const byPersonalIdQuery = z.object({
  personalId: CheckedPersonalIdSchema.openapi({ param: { name: 'personalId', in: 'query' }, example: '051190000123' }),
});

const listRoutes = [
  { kind: 'births', operation: 'findBirths', schema: BirthRecordSchema, summary: 'Birth registrations (khai sinh)' },
  { kind: 'marriages', operation: 'findMarriages', schema: MarriageRecordSchema, summary: 'Marriage registrations (kết hôn)' },
  { kind: 'deaths', operation: 'findDeaths', schema: DeathRecordSchema, summary: 'Death registrations (khai tử)' },
] as const;

const maritalStatusRoute = createRoute({
  method: 'get',
  path: '/v1/civil-status/marital-status/{personalId}',
  tags: ['Lookups'],
  summary: 'Marital status confirmation (xác nhận tình trạng hôn nhân)',
  security: [{ apiKey: [] }],
  request: { params: z.object({ personalId: personalIdParam('personalId') }), headers: OfficerHeadersSchema },
  responses: lookupResponses(MaritalStatusSchema, 'The marital status and what it is based on'),
});

export function registerCivilStatusRoutes(app: OpenAPIHono<GatewayEnv>): void {
  for (const { kind, operation, schema, summary } of listRoutes) {
    const route = createRoute({
      method: 'get',
      path: `/v1/civil-status/${kind}`,
      tags: ['Lookups'],
      summary,
      security: [{ apiKey: [] }],
      request: { query: byPersonalIdQuery, headers: OfficerHeadersSchema },
      responses: lookupResponses(z.array(schema), 'Matching records (an empty list when there are none)'),
    });
    registerLookupRoute(app, route, (c, { query: { personalId }, headers }) => {
      const adapter: CivilStatusAdapter = c.get('services').adapters.civilStatus;
      return answerLookup(c, headers, {
        upstream: 'civil-status',
        operation,
        args: [personalId],
        run: (request): Promise<unknown> => adapter[operation](personalId, request),
      });
    });
  }
  registerLookupRoute(app, maritalStatusRoute, (c, { params: { personalId }, headers }) => {
    const adapter = c.get('services').adapters.civilStatus;
    return answerLookup(c, headers, {
      upstream: 'civil-status',
      operation: 'maritalStatus',
      args: [personalId],
      run: (request) => adapter.maritalStatus(personalId, request),
    });
  });
}
