import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { referenceRows } from './reference.ts';
import { renderReference, undescribedKeys } from './reference-markdown.ts';
import { ConfigSchema } from './schema.ts';

describe('the configuration reference', () => {
  it('docs/configuration.md is what the schema generates (else run npm run docs:config)', async () => {
    const written = await readFile(new URL('../../docs/configuration.md', import.meta.url), 'utf8').catch(() => '(missing)');
    const generated = renderReference(ConfigSchema);
    if (written !== generated) {
      const lines = written.split('\n');
      const line = generated.split('\n').findIndex((text, i) => text !== lines[i]);
      expect.fail(`docs/configuration.md is out of date with the config schema (first difference at line ${line + 1}): run \`npm run docs:config\``);
    }
  });

  it('every configuration key has a description in the schema', () => {
    expect(undescribedKeys(ConfigSchema), 'add .describe(…) to these keys in src/config/ or src/alerts/config.ts').toEqual([]);
  });

  it('writes a key shared by every sibling once, with a star, and a key shared by some with their names', () => {
    const shared = z.number().int().min(50).default(3_000).describe('deadline');
    const onlyTwo = z.string().optional().describe('test id');
    const schema = z.object({
      probes: z.object({
        a: z.object({ deadlineMs: shared, id: onlyTwo }).describe('a'),
        b: z.object({ deadlineMs: shared, id: onlyTwo }).describe('b'),
        c: z.object({ deadlineMs: shared }).describe('c'),
      }).describe('probes'),
    });
    expect(referenceRows(schema).map((row) => [row.path, row.type, row.defaultValue])).toEqual([
      ['probes', 'object', 'required'],
      ['probes.a', 'object', 'required'],
      ['probes.*.deadlineMs', 'integer ≥ 50', '`3000`'],
      ['probes.{a,b}.id', 'string', '—'],
      ['probes.b', 'object', 'required'],
      ['probes.c', 'object', 'required'],
    ]);
  });

  it('marks secrets and the keys that belong to one kind of a list of alternatives', () => {
    const secret = z.union([z.string().min(1), z.object({ env: z.string() }).strict()]);
    const name = z.string().describe('name');
    const schema = z.object({
      channels: z.array(z.discriminatedUnion('type', [
        z.object({ type: z.literal('webhook'), name, secret: secret.describe('signing secret') }),
        z.object({ type: z.literal('email'), name, to: z.array(z.email()).describe('addresses') }),
      ])).default([]).describe('channels'),
    });
    expect(referenceRows(schema).map((row) => [row.path, row.type, row.description])).toEqual([
      ['channels', 'list', 'channels'],
      ['channels[].type', 'one of `webhook`, `email`', 'Which kind of entry this is; keys marked `(type: …)` belong to that kind only.'],
      ['channels[].name', 'string', 'name'],
      ['channels[].secret', 'secret', '(type: webhook) signing secret'],
      ['channels[].to', 'list of email', '(type: email) addresses'],
    ]);
  });
});
