// GET /v1/citizens/{personalId}: the canonical citizen record from the population database.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { CitizenSchema, type Citizen } from '../../domain/citizen.ts';
import type { GatewayEnv } from '../env.ts';
import { answerLookup } from '../lookup.ts';
import { registerLookupRoute } from '../lookup-route.ts';
import { OfficerHeadersSchema, personalIdParam } from '../schemas.ts';
import { lookupResponses } from './responses.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/citizens/{personalId}',
  tags: ['Lookups'],
  summary: 'Citizen record (population database)',
  security: [{ apiKey: [] }],
  request: { params: z.object({ personalId: personalIdParam('personalId') }), headers: OfficerHeadersSchema },
  responses: lookupResponses(CitizenSchema, 'The canonical citizen record'),
});

/** Religion is sensitive: only clients whose scope allows it receive it. */
function withoutReligion({ religion: _religion, ...rest }: Citizen): Omit<Citizen, 'religion'> {
  return rest;
}

export function registerCitizenRoutes(app: OpenAPIHono<GatewayEnv>): void {
  registerLookupRoute(app, route, (c, { params: { personalId }, headers }) => {
    const { adapters } = c.get('services');
    return answerLookup(c, headers, {
      upstream: 'population',
      operation: 'lookupCitizen',
      args: [personalId],
      run: (request) => adapters.population.lookupCitizen(personalId, request),
      present: c.get('client').mayReadReligion ? undefined : withoutReligion,
    });
  });
}
