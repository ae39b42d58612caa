// `npm run backup -- <file>` (dist/backup.mjs): a consistent copy of the gateway's SQLite store, taken while the
// gateway runs. Reads the same config as the gateway (GATEWAY_CONFIG) to find queue.databasePath.
import { exitIfNodeTooOld } from './node-version.ts';

exitIfNodeTooOld();
const { runBackup } = await import('./run-backup.ts');
process.exit(runBackup(process.argv.slice(2), process.env));
