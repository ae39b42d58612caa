// Entry point of `npm run keys` (dist/keys.mjs): the client-key command, bundled like the gateway so that a
// production install, which has neither tsx nor the sources, can run it. Checks the Node version first (node.ts).
import { exitIfNodeTooOld } from './node-version.ts';

exitIfNodeTooOld();
const [{ runCli }, { keysCli }] = await Promise.all([import('./cli-support.ts'), import('./keys-cli.ts')]);
runCli(keysCli);
