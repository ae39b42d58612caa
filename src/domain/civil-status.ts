// Canonical civil-status records (births, marriages, deaths, marital status).
import { z } from 'zod';
import { PersonRefSchema } from './citizen.ts';
import { UnitRefFields } from './unit-refs.ts';

export const RegistryOfficeSchema = z.object({ communeCode: z.string(), name: z.string(), ...UnitRefFields }).meta({ id: 'RegistryOffice' });

const RegistrationFields = {
  registrationNumber: z.string(),
  book: z.string(),
  registeredOn: z.string(),
  registeredAt: RegistryOfficeSchema,
};

export const BirthRecordSchema = z.object({
  ...RegistrationFields,
  child: z.object({
    personalId: z.string().nullable(),
    fullName: z.string(),
    dateOfBirth: z.string(),
    sex: z.enum(['male', 'female']),
    placeOfBirth: z.string(),
  }),
  father: PersonRefSchema.nullable(),
  mother: PersonRefSchema.nullable(),
}).meta({ id: 'BirthRecord' });
export type BirthRecord = z.infer<typeof BirthRecordSchema>;

export const MarriageRecordSchema = z.object({
  ...RegistrationFields,
  husband: PersonRefSchema,
  wife: PersonRefSchema,
  status: z.enum(['in-effect', 'divorced']),
}).meta({ id: 'MarriageRecord' });
export type MarriageRecord = z.infer<typeof MarriageRecordSchema>;

export const DeathRecordSchema = z.object({
  ...RegistrationFields,
  dateOfDeath: z.string(),
  placeOfDeath: z.string(),
}).meta({ id: 'DeathRecord' });
export type DeathRecord = z.infer<typeof DeathRecordSchema>;

export const MaritalStatusSchema = z.object({
  personalId: z.string(),
  status: z.enum(['single', 'married', 'divorced', 'widowed']),
  basis: z.string().meta({ description: 'What the registry bases the status on (căn cứ)' }),
}).meta({ id: 'MaritalStatus' });
export type MaritalStatus = z.infer<typeof MaritalStatusSchema>;
