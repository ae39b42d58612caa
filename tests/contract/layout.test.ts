// The dependency direction of the house style: runtime → gateway → (queue, health, resilience, adapters…) → domain.
// Nothing imports runtime; the inner parts never import the HTTP surface (gateway) or the composition (services);
// adapters know neither gateway nor health; domain imports only zod. Test files may reach further (fixtures).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');

/** Every source file under src/ that is not a test or a test helper, with the src/ folders and packages it imports. */
function sourceImports(): { file: string; folder: string; targets: string[]; packages: string[] }[] {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.(test|suite)\.tsx?$/.test(file) && !file.includes('testing/') && !file.endsWith('fixture.ts'));
  return files.map((file) => {
    const text = readFileSync(join(SRC, file), 'utf8');
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1]!);
    const targets = specifiers.filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => relative(SRC, resolve(SRC, dirname(file), specifier)).split('/')[0]!);
    return { file, folder: file.split('/')[0]!, targets, packages: specifiers.filter((specifier) => !specifier.startsWith('.')) };
  });
}

describe('the import direction', () => {
  const imports = sourceImports();
  const breaking = (rule: (entry: (typeof imports)[number]) => string[]) => imports.flatMap((entry) => rule(entry).map((what) => `${entry.file} → ${what}`));

  it('reads every source file (the check would see a violation)', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(imports.find((entry) => entry.file === 'runtime/start.ts')?.targets).toContain('gateway');
  });

  it('has nothing import runtime but runtime', () => {
    expect(breaking(({ folder, targets }) => (folder === 'runtime' ? [] : targets.filter((target) => target === 'runtime')))).toEqual([]);
  });

  it('keeps the inner parts from the HTTP surface and the composition', () => {
    const outer = new Set(['gateway', 'services', 'runtime']);
    expect(breaking(({ folder, targets }) => (outer.has(folder) ? [] : targets.filter((target) => outer.has(target))))).toEqual([]);
  });

  it('keeps adapters from gateway and health, and domain to zod', () => {
    expect(breaking(({ folder, targets }) => (folder === 'adapters' ? targets.filter((target) => target === 'health') : []))).toEqual([]);
    expect(breaking(({ folder, targets, packages }) => (folder === 'domain'
      ? [...targets.filter((target) => target !== 'domain'), ...packages.filter((name) => name !== 'zod')] : []))).toEqual([]);
  });
});
