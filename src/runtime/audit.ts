// Entry point of `npm run audit` (dist/audit.mjs): verify, export and keygen, bundled like the gateway so that a
// production install, which has neither tsx nor the sources, can run them. Checks the Node version first (node.ts).
import { exitIfNodeTooOld } from './node-version.ts';

exitIfNodeTooOld();
const [{ runCli }, { auditCli }] = await Promise.all([import('./cli-support.ts'), import('./audit-cli.ts')]);
runCli(auditCli);
