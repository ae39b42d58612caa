// The canonical citizen record every commune application receives, whatever the population system sends.
import { z } from 'zod';
import { UnitRefFields } from './unit-refs.ts';
import { PARTIAL_DATE_PATTERN } from './dates.ts';

export const PersonalIdSchema = z.string().regex(/^\d{12}$/).meta({ description: 'Số định danh cá nhân (12 digits)', example: '051190000123' });
export const CommuneCodeSchema = z.string().regex(/^\d{5}$/).meta({ description: 'Commune (xã/phường) code, 5 digits', example: '21085' });
export const PartialDateSchema = z.string().regex(PARTIAL_DATE_PATTERN).meta({ description: 'ISO date, or yyyy-MM / yyyy when only partly known', example: '1990-03-15' });

export const AddressSchema = z.object({
  provinceCode: z.string(),
  communeCode: z.string(),
  detail: z.string(),
  ...UnitRefFields,
}).meta({ id: 'Address' });

export const PersonRefSchema = z.object({
  personalId: z.string().nullable(),
  fullName: z.string(),
}).meta({ id: 'PersonRef' });

export const CitizenStatusSchema = z.enum(['alive', 'deceased', 'missing']);

export const CitizenSchema = z.object({
  personalId: PersonalIdSchema,
  legacyIdNumber: z.string().nullable().meta({ description: 'Old 9-digit identity-card number (CMND), when known' }),
  fullName: z.string(),
  dateOfBirth: PartialDateSchema,
  sex: z.enum(['male', 'female']),
  ethnicity: z.string(),
  religion: z.string().optional().meta({ description: 'Sensitive: present only for clients whose scope allows it' }),
  nationality: z.string(),
  hometown: AddressSchema,
  permanentAddress: AddressSchema,
  currentAddress: AddressSchema,
  householdHead: PersonRefSchema.nullable(),
  relationshipToHead: z.string().nullable(),
  status: CitizenStatusSchema,
}).meta({ id: 'Citizen' });
export type Citizen = z.infer<typeof CitizenSchema>;

/** Outcome of the population system's identity verification (xác thực). */
export const IdentityCheckSchema = z.object({
  match: z.boolean(),
  fields: z.object({ fullName: z.boolean(), dateOfBirth: z.boolean() }),
}).meta({ id: 'IdentityCheck' });
export type IdentityCheck = z.infer<typeof IdentityCheckSchema>;

export const IdentitySubjectSchema = z.object({
  personalId: PersonalIdSchema,
  fullName: z.string().min(1).max(100),
  dateOfBirth: PartialDateSchema,
});
export type IdentitySubject = z.infer<typeof IdentitySubjectSchema>;
