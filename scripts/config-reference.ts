// Writes docs/configuration.md from the configuration schema (`npm run docs:config`); src/config/reference.test.ts
// fails when the file and the schema drift apart.
import { writeFile } from 'node:fs/promises';
import { renderReference } from '../src/config/reference-markdown.ts';
import { ConfigSchema } from '../src/config/schema.ts';

const target = new URL('../docs/configuration.md', import.meta.url);
await writeFile(target, renderReference(ConfigSchema));
console.log(`wrote ${target.pathname}`);
