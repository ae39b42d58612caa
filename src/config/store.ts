// Where the gateway keeps its state: the embedded SQLite file by default, or one PostgreSQL shared by every
// instance of a province (tickets, health, incidents, alerts, audit log, client keys, the leader lease).
import { z } from 'zod';
import { SecretSchema } from './secret.ts';

export const StoreSchema = z.object({
  postgres: z.object({
    connectionString: SecretSchema.describe('`postgres://user:password@host:5432/db`; as a secret, since it holds the password.'),
    schema: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lowercase schema name').default('public').describe('The PostgreSQL schema of the tables.'),
    maxConnections: z.number().int().min(2).max(100).default(10).describe("Connections in this instance's pool."),
    leaseMs: z.number().int().min(2_000).max(600_000).default(15_000)
      .describe('How long the leader role (probes, incidents, alerts, daily summary, purge) stays with an instance that stopped renewing it, ms; renewed every third of it.'),
  }).strict().optional()
    .describe('Keep every store in this PostgreSQL instead of the SQLite file, so that several gateway instances share one truth; migrations run at start.'),
}).strict();

export type StoreConfig = z.infer<typeof StoreSchema>;
