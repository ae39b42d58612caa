// Bundles the gateway's Node entry point into dist/gateway.mjs (packages stay in node_modules), so that
// `npm start` runs plain JavaScript. tsx's transform keeps function names by wrapping every closure in
// Object.defineProperty; on the request path that cost about an eighth of cache-hit throughput (README, Benchmarks).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/runtime/node.ts'],
  outfile: 'dist/gateway.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
