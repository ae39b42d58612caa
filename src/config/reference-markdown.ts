// docs/configuration.md as text: a short introduction, then one table per top-level section of the schema.
import type { z } from 'zod';
import { referenceRows, type ReferenceRow } from './reference.ts';

const INTRO = `# Configuration reference

<!-- Generated from the zod schema in src/config/ by \`npm run docs:config\`; do not edit by hand.
     src/config/reference.test.ts fails when this file and the schema disagree. -->

The gateway reads one YAML file at start. The environment variable \`GATEWAY_CONFIG\` names it (\`npm start\`
uses \`config/demo.yaml\`, the production build \`config/gateway.yaml\`); \`PORT\` overrides \`server.port\`. The file
is validated against the schema below before anything starts: a bad file stops the start with every problem at
once, each as the key path and what is wrong with its value.

Keys of type **secret** take either a literal string (demos only) or \`{env: NAME}\`, the name of an environment
variable that holds the value, e.g. \`clientSecret: {env: POPULATION_CLIENT_SECRET}\`; production files should use
only the second form. A variable that is unset or empty is a configuration error. The effective configuration is
logged at start with secrets masked. \`config/production.example.yaml\` is a complete example.

Reading the tables: \`*\` in a key path stands for every sibling (\`upstreams.*.deadlineMs\` is set per upstream),
\`[]\` for every entry of a list, \`<name>\` for a name you choose (an operation, a label). Units are in the key
names (\`…Ms\` milliseconds, \`…Seconds\`, \`…Bytes\`). A default of \`—\` means the key is optional and absent
unless set; \`required\` means it must be set (wherever the object around it is).
`;

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The whole reference document for a configuration schema. */
export function renderReference(schema: z.ZodType): string {
  const rows = referenceRows(schema);
  const sections = rows.filter((row) => !row.path.includes('.') && !row.path.includes('['));
  const parts = [INTRO];
  for (const section of sections) {
    const inside = rows.filter((row) => row.path.startsWith(`${section.path}.`) || row.path.startsWith(`${section.path}[]`));
    parts.push(`## \`${section.path}\`\n\n${section.description ?? ''}\n`);
    parts.push(table(inside.length > 0 ? inside : [section]));
  }
  return `${parts.join('\n').trimEnd()}\n`;
}

function table(rows: ReferenceRow[]): string {
  const lines = ['| key | type | default | meaning |', '| --- | --- | --- | --- |'];
  for (const row of rows) lines.push(`| \`${row.path}\` | ${cell(row.type)} | ${cell(row.defaultValue)} | ${cell(row.description ?? '')} |`);
  return `${lines.join('\n')}\n`;
}

/** Key paths without a description: the reference must say what every key means. */
export function undescribedKeys(schema: z.ZodType): string[] {
  return referenceRows(schema).filter((row) => row.description === undefined || row.description.trim() === '').map((row) => row.path);
}
