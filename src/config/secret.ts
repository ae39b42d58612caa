// How the configuration names a secret; its own file so that every section schema can import it without a cycle
// through schema.ts.
import { z } from 'zod';

/** A secret: written inline (demo only) or, in production, the name of an environment variable holding it. */
export const SecretSchema = z.union([
  z.string().min(1),
  z.object({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name') }).strict(),
]);
export type SecretRef = z.infer<typeof SecretSchema>;
