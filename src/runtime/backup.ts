// `npm run backup -- <file>` (dist/backup.mjs): a consistent copy of the gateway's SQLite store, taken while the
// gateway runs. Reads the same config as the gateway (GATEWAY_CONFIG) to find queue.databasePath.
import { nodeVersionProblem } from './node-version.ts';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
const { runBackup } = await import('./run-backup.ts');
process.exit(runBackup(process.argv.slice(2), process.env));
