// Bundles the gateway for Node (packages stay in node_modules), so that it runs as plain JavaScript. tsx's
// transform keeps function names by wrapping every closure in Object.defineProperty; on the request path that cost
// about an eighth of cache-hit throughput (README, Benchmarks).
//   node scripts/build.mjs          the production artefact: dist/gateway.mjs, the operator commands dist/backup.mjs,
//                                   dist/keys.mjs and dist/audit.mjs, and dist/chunks/ (no simulators, nothing
//                                   from devDependencies)
//   node scripts/build.mjs --demo   that, and dist/demo.mjs with dist/demo-chunks/: the gateway with its simulators
//                                   (npm start; the operator commands then work on the demo's store too, with
//                                   GATEWAY_CONFIG=config/demo.yaml)
//   --outdir <folder>               instead of dist (tests)
// Each entry checks the Node version first and loads the rest as a chunk, so an old Node gets one clear line.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const common = {
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  sourcemap: true,
  logLevel: 'warning',
};

/** The production entries: the gateway and the operator commands, each its own file in dist/. */
const PRODUCTION_ENTRIES = {
  gateway: 'src/runtime/node.ts', backup: 'src/runtime/backup.ts', keys: 'src/runtime/keys.ts', audit: 'src/runtime/audit.ts',
};

/** Builds into `outdir` (default dist) the production entries, or with `demo` the demo entry. */
export async function buildGateway({ outdir = 'dist', demo = false } = {}) {
  const chunks = demo ? 'demo-chunks' : 'chunks';
  // Chunk names carry a hash: old ones would pile up.
  rmSync(join(outdir, chunks), { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: demo
      ? { demo: 'src/runtime/demo.ts' }
      : PRODUCTION_ENTRIES,
    outdir,
    chunkNames: `${chunks}/[name]-[hash]`,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { demo: { type: 'boolean' }, outdir: { type: 'string' } } });
  await buildGateway({ outdir: values.outdir });
  if (values.demo) await buildGateway({ demo: true, outdir: values.outdir });
}
