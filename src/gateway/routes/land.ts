// Land lookups: a parcel by commune, map sheet and parcel number, or by its certificate serial.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { CertificateSerialSchema, ParcelKeySchema, ParcelSchema } from '../../domain/land.ts';
import type { GatewayEnv } from '../env.ts';
import { translateCommune } from '../../domain/unit-translation.ts';
import { HttpProblem } from '../errors.ts';
import { assertLandScope, mayReadLandOf } from '../land-scope.ts';
import { answerLookup } from '../lookup.ts';
import { registerLookupRoute } from '../lookup-route.ts';
import { OfficerHeadersSchema } from '../schemas.ts';
import { lookupResponses } from './responses.ts';

const parcelRoute = createRoute({
  method: 'get',
  path: '/v1/land/parcels/{communeCode}/{mapSheet}/{parcelNumber}',
  tags: ['Lookups'],
  summary: 'Land parcel (thửa đất) by commune, map sheet (tờ bản đồ) and parcel number (số thửa)',
  security: [{ apiKey: [] }],
  request: {
    params: z.object({
      communeCode: ParcelKeySchema.shape.communeCode.openapi({ param: { name: 'communeCode', in: 'path' }, example: '21085' }),
      mapSheet: ParcelKeySchema.shape.mapSheet.openapi({ param: { name: 'mapSheet', in: 'path' }, example: '12' }),
      parcelNumber: ParcelKeySchema.shape.parcelNumber.openapi({ param: { name: 'parcelNumber', in: 'path' }, example: '345' }),
    }),
    query: z.object({
      unitScheme: z.enum(['legacy', '2025']).optional().openapi({
        description: 'The scheme of `communeCode`. Default: the land system\'s own. When it differs, the code is translated: a 2025 commune is tried as each legacy commune it absorbed, in order, and `meta.unitTranslation` says which answered',
      }),
    }),
    headers: OfficerHeadersSchema,
  },
  responses: lookupResponses(ParcelSchema, 'The parcel, its holders and certificate'),
});

const certificateRoute = createRoute({
  method: 'get',
  path: '/v1/land/certificates/{serial}',
  tags: ['Lookups'],
  summary: 'The parcel a land-use certificate (giấy chứng nhận) covers',
  security: [{ apiKey: [] }],
  request: {
    params: z.object({ serial: CertificateSerialSchema.openapi({ param: { name: 'serial', in: 'path' }, description: 'URL-encoded, e.g. DA%20123456' }) }),
    headers: OfficerHeadersSchema,
  },
  responses: lookupResponses(ParcelSchema, 'The parcel the certificate covers'),
});

export function registerLandRoutes(app: OpenAPIHono<GatewayEnv>): void {
  registerLookupRoute(app, parcelRoute, (c, { params: key, query, headers }) => {
    const services = c.get('services');
    const client = c.get('client');
    const upstreamScheme = services.unitSchemes?.land ?? 'legacy';
    const askedScheme = query.unitScheme ?? upstreamScheme;
    const catalogue = services.adminUnits;
    let codes = [key.communeCode];
    if (askedScheme === upstreamScheme || !catalogue) {
      assertLandScope(client, key.communeCode, catalogue);
    } else {
      const candidates = translateCommune(catalogue, key.communeCode, askedScheme, upstreamScheme);
      if (candidates.length === 0) throw new HttpProblem('unit-not-found', undefined, { code: key.communeCode, scheme: askedScheme });
      // Each candidate must be in the key's land scope itself (a key bound to one of them reads no other).
      codes = candidates.filter((code) => mayReadLandOf(client, code, catalogue));
      if (codes.length === 0) throw new HttpProblem('land-out-of-scope', undefined, { communeCode: key.communeCode });
    }
    const lookupAt = (index: number): Response | Promise<Response> => {
      const parcel = { ...key, communeCode: codes[index]! };
      const attempt = () => answerLookup(c, headers, {
        upstream: 'land',
        operation: 'findParcel',
        args: [parcel.communeCode, parcel.mapSheet, parcel.parcelNumber],
        run: (request) => services.adapters.land.findParcel(parcel, request),
        upstreamCommune: parcel.communeCode,
        unitTranslation: askedScheme === upstreamScheme ? undefined : {
          asked: { scheme: askedScheme, communeCode: key.communeCode },
          answered: { scheme: upstreamScheme, communeCode: parcel.communeCode },
          tried: codes.slice(0, index + 1),
        },
      });
      if (index === codes.length - 1) return attempt();
      // Not found under this candidate: the parcel may lie in the next commune the unit absorbed.
      return Promise.resolve().then(attempt).catch((error: unknown) => {
        if ((error as { code?: string }).code === 'not-found') return lookupAt(index + 1);
        throw error;
      });
    };
    return lookupAt(0);
  });
  registerLookupRoute(app, certificateRoute, (c, { params: { serial }, headers }) => {
    const adapter = c.get('services').adapters.land;
    return answerLookup(c, headers, {
      upstream: 'land',
      operation: 'findParcelByCertificate',
      args: [serial],
      run: (request) => adapter.findParcelByCertificate(serial, request),
      // The parcel's commune is known only from the answer.
      mayReceive: (parcel) => assertLandScope(c.get('client'), parcel.communeCode, c.get('services').adminUnits),
    });
  });
}
