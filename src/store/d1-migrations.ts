// The D1 schema as wrangler migration files (migrations/NNNN_name.sql), made from the SQLite stores' own
// migrations so the two never drift: `npm run d1:migrations` writes them, d1-migrations.test.ts checks them.
// Never loaded by the Worker: wrangler applies the files (`wrangler d1 migrations apply DB`).
import { AUDIT_MIGRATIONS } from './sqlite-audit-log.ts';
import { ALERT_SCHEMA } from './sqlite-alert-outbox.ts';
import { CLIENT_KEY_MIGRATIONS } from './sqlite-client-key-store.ts';
import { HEALTH_SCHEMA } from './sqlite-health-store.ts';
import { SQLITE_MIGRATIONS } from './sqlite-ticket-store.ts';
import type { Migration } from './sqlite.ts';

export interface D1MigrationFile {
  /** `NNNN_words.sql`: wrangler applies files in name order, each once. */
  name: string;
  sql: string;
}

/**
 * Every component's migrations in the order they were released. Append only: a file once deployed is never
 * renumbered or edited, since wrangler records which names it applied. A new SQLite migration of a component gets
 * its file here at the end.
 */
const RELEASED: readonly { component: string; source: string; migration: Migration }[] = [
  ...SQLITE_MIGRATIONS.map((migration) => ({ component: 'tickets', source: 'src/store/sqlite-ticket-store.ts', migration })),
  { component: 'health', source: 'src/store/sqlite-health-store.ts', migration: { version: 1, name: 'incidents and minute buckets', sql: HEALTH_SCHEMA } },
  { component: 'alerts', source: 'src/store/sqlite-alert-outbox.ts', migration: { version: 1, name: 'alert outbox, state, maintenance, ticket counts', sql: ALERT_SCHEMA } },
  ...AUDIT_MIGRATIONS.map((migration) => ({ component: 'audit', source: 'src/store/sqlite-audit-log.ts', migration })),
  ...CLIENT_KEY_MIGRATIONS.map((migration) => ({ component: 'client-keys', source: 'src/store/sqlite-client-key-store.ts', migration })),
];

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

export function d1MigrationFiles(): D1MigrationFile[] {
  return RELEASED.map(({ component, source, migration }, index) => ({
    name: `${String(index + 1).padStart(4, '0')}_${slug(component)}_v${migration.version}.sql`,
    sql: `-- ${component} v${migration.version}: ${migration.name}.\n-- Made by \`npm run d1:migrations\` from ${source}; edit that, not this file.\n${dedent(migration.sql)}\n`,
  }));
}

/** The SQL without its leading blank line and common indentation, so the files read like hand-written ones. */
function dedent(sql: string): string {
  const lines = sql.replace(/^\s*\n/, '').trimEnd().split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent)).join('\n');
}
