// Entry point of `npm start` (dist/demo.mjs): the gateway with the bundled upstream simulators, which only this
// entry brings in, so the production build (node.ts) holds none of them.
import { exitIfNodeTooOld } from './node-version.ts';

exitIfNodeTooOld();
const [{ runGateway }, { startSimulators }] = await Promise.all([import('./run.ts'), import('../../mocks/index.ts')]);
await runGateway({ defaultConfigFile: 'config/demo.yaml', startSimulators });
