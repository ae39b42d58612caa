// Canonical land parcel (thửa đất) and its certificate.
import { z } from 'zod';
import { PersonRefSchema } from './citizen.ts';
import { UnitRefFields } from './unit-refs.ts';

export const ParcelKeySchema = z.object({
  communeCode: z.string().regex(/^\d{5}$/),
  mapSheet: z.string().regex(/^\d{1,4}$/),
  parcelNumber: z.string().regex(/^\d{1,5}$/),
});
export type ParcelKey = z.infer<typeof ParcelKeySchema>;

/** Certificate serials look like `DA 123456`: two capital letters, a space, six digits. */
export const CertificateSerialSchema = z.string().regex(/^[A-Z]{2} \d{6}$/).meta({ example: 'DA 123456' });

export const CertificateSchema = z.object({
  serial: z.string(),
  registryNumber: z.string(),
  issuedOn: z.string(),
}).meta({ id: 'Certificate' });

export const ParcelSchema = z.object({
  communeCode: z.string(),
  mapSheet: z.string(),
  parcelNumber: z.string(),
  areaM2: z.number(),
  landUse: z.string().meta({ description: 'Land-use code: ONT rural residential, ODT urban residential, LUC rice, CLN perennial crops…' }),
  address: z.string(),
  holders: z.array(PersonRefSchema),
  certificate: CertificateSchema.nullable(),
  mortgaged: z.boolean(),
  disputed: z.boolean(),
  ...UnitRefFields,
}).meta({ id: 'Parcel' });
export type Parcel = z.infer<typeof ParcelSchema>;
