// Request-side zod schemas shared by routes: personal IDs with their rules, the officer headers, answers' meta.
import { z } from '@hono/zod-openapi';
import { checkPersonalId } from '../domain/personal-id.ts';
import { BUILT_IN_UPSTREAM_NAMES } from '../upstreams/registry.ts';

/** A personal ID checked for length, province code and century/sex digit before any upstream call. */
export const CheckedPersonalIdSchema = z.string().superRefine((value, context) => {
  const check = checkPersonalId(value, new Date().getFullYear());
  if (!check.ok) context.addIssue({ code: 'custom', message: check.rule, params: { rule: check.rule } });
});

export function personalIdParam(name: string) {
  return CheckedPersonalIdSchema.openapi({ param: { name, in: 'path' }, example: '051190000123', description: 'Số định danh cá nhân, 12 chữ số' });
}

/** Who asks and why: required on every call that touches personal data. */
export const OfficerHeadersSchema = z.object({
  'x-officer-id': CheckedPersonalIdSchema.openapi({ description: "The officer's own personal ID (maCanBo)", example: '051090001234' }),
  'x-purpose': z.string().min(3).max(200).openapi({ description: 'Procedure or legal basis (mucDich)', example: 'dang-ky-khai-sinh' }),
  'x-case-id': z.string().min(1).max(64).optional().openapi({ description: 'Dossier code, when there is one' }),
  'x-commune-code': z.string().regex(/^\d{5}$/).optional().openapi({ description: "Commune acting; defaults to the API key's first commune" }),
  'cache-control': z.string().optional().openapi({ description: '`no-cache` forces an upstream call' }),
  'request-timeout': z.string().regex(/^\d+(\.\d+)?$/).optional().openapi({ description: 'Seconds the client is willing to wait (decimal); the gateway answers within it' }),
});

export type OfficerHeaders = z.output<typeof OfficerHeadersSchema>;

export const LookupMetaSchema = z.object({
  source: z.enum(BUILT_IN_UPSTREAM_NAMES),
  fetchedAt: z.string().openapi({ description: 'When the upstream answered (ISO 8601, UTC)' }),
  freshness: z.enum(['fresh', 'cached', 'stale']),
  ageSeconds: z.number().int(),
  unitTranslation: z.object({
    asked: z.object({ scheme: z.enum(['legacy', '2025']), communeCode: z.string() }),
    answered: z.object({ scheme: z.enum(['legacy', '2025']), communeCode: z.string() }),
    tried: z.array(z.string()).openapi({ description: 'Codes asked of the upstream in order, the answering one last' }),
  }).optional().openapi({ description: 'The commune code was asked in one unit scheme and translated for the upstream, which speaks the other' }),
}).openapi('LookupMeta');

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  upstream: z.string().optional(),
  retryAfterSeconds: z.number().optional(),
  errors: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string() })).optional(),
}).openapi('Problem');
