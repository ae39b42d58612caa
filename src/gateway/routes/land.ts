// Land lookups: a parcel by commune, map sheet and parcel number, or by its certificate serial.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { CertificateSerialSchema, ParcelKeySchema, ParcelSchema } from '../../domain/land.ts';
import type { GatewayEnv } from '../env.ts';
import { assertLandScope } from '../land-scope.ts';
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
  registerLookupRoute(app, parcelRoute, (c, { params: key, headers }) => {
    const adapter = c.get('services').adapters.land;
    assertLandScope(c.get('client'), key.communeCode, c.get('services').adminUnits);
    return answerLookup(c, headers, {
      upstream: 'land',
      operation: 'findParcel',
      args: [key.communeCode, key.mapSheet, key.parcelNumber],
      run: (request) => adapter.findParcel(key, request),
      upstreamCommune: key.communeCode,
    });
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
