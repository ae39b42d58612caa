// The backup command: config → database path → backupSqlite, with one plain line for every outcome.
import { ConfigError } from '../config/load.ts';
import { BackupError, backupSqlite } from '../store/sqlite-backup.ts';
import { CliRefusal, loadCliConfig } from './cli-support.ts';

/** Returns the exit code. */
export function runBackup(args: string[], env: Record<string, string | undefined>): number {
  const target = args[0];
  if (!target || args.length > 1) {
    process.stderr.write('Usage: npm run backup -- <backup file>   (GATEWAY_CONFIG names the gateway config, default config/gateway.yaml)\n');
    return 1;
  }
  try {
    // The file the gateway and the other operator commands read, refused in one line when missing.
    const { config } = loadCliConfig(env);
    // With PostgreSQL the SQLite file is not the gateway's store, whatever queue.databasePath says.
    if (config.store.postgres ?? config.queue.postgres) {
      process.stderr.write(`The store is in PostgreSQL (${config.store.postgres ? 'store.postgres' : 'queue.postgres'}): back it up with pg_dump (docs/operations.md).\n`);
      return 1;
    }
    const summary = backupSqlite(config.queue.databasePath, target);
    process.stdout.write(`Backup of ${config.queue.databasePath} written to ${target}: ${summary.bytes} bytes, ${summary.tickets} tickets, integrity ok.\n`);
    return 0;
  } catch (error) {
    if (error instanceof CliRefusal) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    const known = error instanceof ConfigError || error instanceof BackupError || (error as NodeJS.ErrnoException).code === 'ENOENT';
    process.stderr.write(`Backup failed: ${known ? (error as Error).message : (error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
