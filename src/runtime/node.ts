// Entry point of the production build (dist/gateway.mjs): checks the Node version before loading anything that
// needs Node 24 (node:sqlite), then runs the gateway without simulators. The build keeps run.ts in a chunk of its
// own, so an old Node reads only this file and gets one line instead of "No such built-in module".
import { exitIfNodeTooOld } from './node-version.ts';

exitIfNodeTooOld();
const { runGateway } = await import('./run.ts');
await runGateway({ defaultConfigFile: 'config/gateway.yaml' });
