// Client API keys kept in the store (`npm run keys`): how fast every instance sees a change, and the default
// grace period of a rotated key. Keys in `clients:` keep working alongside.
import { z } from 'zod';

export const KeysSchema = z.object({
  refreshIntervalMs: z.number().int().min(100).max(60_000).default(1_000)
    .describe("How often each instance checks the store's key table for changes, ms; a created, rotated-out or revoked key takes effect on every instance within this."),
  rotationGraceHours: z.number().min(0).max(24 * 90).default(24)
    .describe('How long a rotated key keeps working beside its successor, hours (`keys rotate --grace-hours` overrides).'),
}).strict();

export type KeysConfig = z.infer<typeof KeysSchema>;
