// What the operator CLIs (`npm run audit`, `npm run keys`) share: the config named by GATEWAY_CONFIG, read like
// the production gateway reads it (node.ts, same default file), the store the gateway keeps (PostgreSQL with
// store.postgres, else the SQLite file), and a way to run as a process (keys.ts, audit.ts) or be called from tests.
import { readFileSync } from 'node:fs';
import type { AuditLogStore } from '../audit/store.ts';
import { ConfigError, parseConfig, resolveSecret } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { ClientKeyStore } from '../keys/store.ts';
import { sha256Chain } from './audit-crypto.ts';

export interface CliIo {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
}

/** The loaded configuration a command works on (tests hand in their gateway's). */
export interface CliContext {
  config: Config;
  configFile: string;
}

/** A command that cannot run, said in one line (no stack). */
export class CliRefusal extends Error {}

/** The file the production gateway reads when GATEWAY_CONFIG is not set (node.ts). */
const DEFAULT_CONFIG_FILE = 'config/gateway.yaml';

export function loadCliConfig(env: Record<string, string | undefined>): CliContext {
  const configFile = env['GATEWAY_CONFIG'] ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // Never a quiet fallback to the demo's file: a key made there would go into the demo's store.
    throw new CliRefusal(`Configuration file ${configFile} not found. GATEWAY_CONFIG names the gateway's config file (the demo's is config/demo.yaml).`);
  }
  return { config: parseConfig(text, configFile), configFile };
}

/** Runs `command` on this process's arguments and environment; sets the exit code. */
export function runCli(command: (argv: string[], context: CliContext, io: CliIo) => Promise<number>): void {
  // A reader that stops early (`| head`) ends the command quietly, not with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  const io: CliIo = { env: process.env, out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };
  // Read when a command first needs it: `audit keygen` and a usage error need none.
  let loaded: CliContext | undefined;
  const context: CliContext = {
    get config() { return (loaded ??= loadCliConfig(process.env)).config; },
    get configFile() { return (loaded ??= loadCliConfig(process.env)).configFile; },
  };
  Promise.resolve().then(() => command(process.argv.slice(2), context, io)).then(
    (status) => { process.exitCode = status; },
    (error: unknown) => {
      process.stderr.write(`${error instanceof ConfigError || error instanceof CliRefusal || !(error instanceof Error) ? String(error instanceof Error ? error.message : error) : error.stack ?? error.message}\n`);
      process.exitCode = 1;
    },
  );
}

/**
 * The audit log or the client keys where the gateway keeps them: in PostgreSQL when `store.postgres` is set (the
 * rows every instance shares; its migrations run first, as at a gateway's start), else in `fromFile()`, the SQLite
 * file. `close()` also ends the PostgreSQL pool.
 */
export async function openGatewayStore<K extends 'audit' | 'clientKeys'>(
  context: CliContext, env: Record<string, string | undefined>, which: K,
  fromFile: () => K extends 'audit' ? AuditLogStore : ClientKeyStore,
): Promise<K extends 'audit' ? AuditLogStore : ClientKeyStore> {
  const shared = context.config.store.postgres;
  if (!shared) return fromFile();
  const { openPostgresStores } = await import('../store/postgres-stores.ts');
  const connectionString = resolveSecret(shared.connectionString, env, 'store.postgres.connectionString', context.configFile);
  const opened = await openPostgresStores(connectionString, { schema: shared.schema, maxConnections: 2, hasher: sha256Chain });
  const store = opened[which] as K extends 'audit' ? AuditLogStore : ClientKeyStore;
  return {
    ...store,
    async close() {
      await store.close();
      await opened.db.close();
    },
  };
}
