// OpenAPI response declarations shared by the lookup routes.
import { z } from '@hono/zod-openapi';
import { LookupMetaSchema, ProblemSchema } from '../schemas.ts';

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

export function lookupResponses(data: z.ZodType, description: string) {
  return {
    200: { description, content: { 'application/json': { schema: z.object({ data, meta: LookupMetaSchema }) } } },
    400: { description: 'Invalid input: the problem names the field and the rule', content: problemContent },
    401: { description: 'No API key, or a wrong one', content: problemContent },
    403: { description: 'The commune is not provisioned on the upstream, or the key may not act for it', content: problemContent },
    404: { description: 'The upstream has no such record', content: problemContent },
    422: { description: 'The upstream rejected the input', content: problemContent },
    429: { description: "Over the API key's rate limit (see Retry-After and the RateLimit fields)", content: problemContent },
    502: { description: 'The gateway could not log in to the upstream (its own credentials, not the caller\'s)', content: problemContent },
    503: { description: 'The upstream is unavailable and nothing usable is cached (see Retry-After)', content: problemContent },
    504: { description: "The caller's own Request-Timeout ran out before the answer", content: problemContent },
  };
}
