// Administrative units in both schemes, for commune software that shows or picks a unit: one code
// (`?scheme=legacy|2025`, default 2025) with what it became or what it absorbed, and a name search.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AdminUnitCatalogue, LegacyUnit, Unit2025 } from '../../domain/admin-units.ts';
import type { GatewayEnv } from '../env.ts';
import { HttpProblem } from '../errors.ts';
import { ProblemSchema } from '../schemas.ts';

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const Unit2025Schema = z.object({
  scheme: z.literal('2025'),
  provinceCode: z.string().openapi({ example: '08' }),
  province: z.string().openapi({ example: 'Tỉnh Tuyên Quang' }),
  communeCode: z.string().openapi({ example: '02620' }),
  name: z.string().openapi({ example: 'Xã Sơn Thủy' }),
  type: z.string().openapi({ example: 'Xã' }),
}).openapi('AdminUnit2025');

const LegacyUnitSchema = z.object({
  scheme: z.literal('legacy'),
  provinceCode: z.string().openapi({ example: '08' }),
  province: z.string(),
  districtCode: z.string().openapi({ example: '076' }),
  district: z.string().openapi({ example: 'Huyện Sơn Dương' }),
  communeCode: z.string().openapi({ example: '02620' }),
  name: z.string().openapi({ example: 'Xã Sơn Nam' }),
}).openapi('AdminUnitLegacy');

const successorsSchema = z.array(Unit2025Schema).openapi({ description: 'The 2025 unit(s) that took the legacy unit over; several when it was divided' });
const UnitAnswerSchema = z.union([
  Unit2025Schema.extend({ absorbed: z.array(LegacyUnitSchema).openapi({ description: 'Legacy units it took over, wholly or in part' }) }),
  LegacyUnitSchema.extend({ successors: successorsSchema, divided: z.boolean() }),
]);

const SearchHitSchema = z.object({
  scheme: z.enum(['legacy', '2025']),
  provinceCode: z.string(),
  province: z.string(),
  communeCode: z.string(),
  name: z.string(),
  district: z.string().optional().openapi({ description: 'Legacy units only' }),
});

const unitRoute = createRoute({
  method: 'get',
  path: '/v1/admin-units/{code}',
  tags: ['Administrative units'],
  summary: 'One commune/ward by its 5-digit code, in the 2025 (default) or the legacy scheme',
  security: [{ apiKey: [] }],
  request: {
    params: z.object({ code: z.string().regex(/^\d{5}$/).openapi({ param: { name: 'code', in: 'path' }, example: '02620' }) }),
    query: z.object({
      scheme: z.enum(['2025', 'legacy']).default('2025').openapi({ description: 'A code can mean one unit in the legacy list and another in 2025 (02620: Xã Sơn Nam, then Xã Sơn Thủy)' }),
    }),
  },
  responses: {
    200: { description: 'The unit', content: { 'application/json': { schema: z.object({ data: UnitAnswerSchema }) } } },
    400: problemResponse('Not a 5-digit code, or an unknown scheme'),
    404: problemResponse('No unit with this code in that scheme'),
  },
});

const searchRoute = createRoute({
  method: 'get',
  path: '/v1/admin-units',
  tags: ['Administrative units'],
  summary: 'Search units by name (accents and case ignored), in both schemes unless one is asked',
  security: [{ apiKey: [] }],
  request: {
    query: z.object({
      q: z.string().trim().min(2).max(100).openapi({ example: 'son thuy' }),
      scheme: z.enum(['2025', 'legacy']).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  responses: {
    200: { description: 'Matching units: names that begin with the query first, then in Vietnamese alphabetical order', content: { 'application/json': { schema: z.object({ data: z.array(SearchHitSchema) }) } } },
    400: problemResponse('No query, or a query too short or too long'),
  },
});

const as2025 = (unit: Unit2025) => ({ scheme: '2025' as const, ...unit });
const asLegacy = ({ successors: _successors, ...unit }: LegacyUnit) => ({ scheme: 'legacy' as const, ...unit });

export function registerAdminUnitRoutes(app: OpenAPIHono<GatewayEnv>, catalogue: AdminUnitCatalogue): void {
  app.openapi(unitRoute, (c) => {
    const { code } = c.req.valid('param');
    const { scheme } = c.req.valid('query');
    if (scheme === '2025') {
      const unit = catalogue.unit2025(code);
      if (!unit) throw new HttpProblem('unit-not-found', undefined, { code, scheme });
      return c.json({ data: { ...as2025(unit), absorbed: catalogue.absorbedBy(code).map(asLegacy) } }, 200);
    }
    const unit = catalogue.legacy(code);
    if (!unit) throw new HttpProblem('unit-not-found', undefined, { code, scheme });
    return c.json({ data: { ...asLegacy(unit), successors: unit.successors.map(as2025), divided: unit.successors.length > 1 } }, 200);
  });
  app.openapi(searchRoute, (c) => {
    const { q, scheme, limit } = c.req.valid('query');
    return c.json({ data: catalogue.search(q, { scheme, limit }) }, 200);
  });
}
