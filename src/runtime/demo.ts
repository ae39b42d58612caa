// Entry point of `npm start` (dist/demo.mjs): the gateway with the bundled upstream simulators, which only this
// entry brings in, so the production build (node.ts) holds none of them.
import { nodeVersionProblem } from './node-version.ts';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
const [{ runGateway }, { startSimulators }] = await Promise.all([import('./run.ts'), import('../../mocks/index.ts')]);
await runGateway({ defaultConfigFile: 'config/demo.yaml', startSimulators });
