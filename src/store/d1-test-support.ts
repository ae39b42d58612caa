// Tests of the D1 stores: a real D1 (workerd's, through Miniflare's Node API, offline) with the migrations/ files
// applied the way `wrangler d1 migrations apply` applies them. Not @cloudflare/vitest-pool-workers: it needs
// vitest 4 and this project is on vitest 5 (README, "On Cloudflare Workers").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import type { D1Database } from './d1.ts';

export const MIGRATIONS_FOLDER = join(import.meta.dirname, '..', '..', 'migrations');

export interface TestD1 {
  /** The binding, emptied and migrated afresh: each call is a new database as far as a test can tell. */
  fresh(): Promise<D1Database>;
  close(): Promise<void>;
}

/** One workerd per test file; `fresh()` per test. */
export function startTestD1(): TestD1 {
  const mf = new Miniflare({ modules: true, script: 'export default {}', d1Databases: ['DB'] });
  return {
    async fresh() {
      const db = (await mf.getD1Database('DB')) as unknown as D1Database;
      await dropEverything(db);
      await applyMigrationFiles(db);
      return db;
    },
    close: () => mf.dispose(),
  };
}

/** Applies migrations/*.sql in name order, each split into statements by wrangler's own splitter and run as one batch. */
export async function applyMigrationFiles(db: D1Database, folder = MIGRATIONS_FOLDER): Promise<void> {
  const { unstable_splitSqlQuery: split } = await import('wrangler');
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.sql')).sort()) {
    const statements = split(readFileSync(join(folder, name), 'utf8'));
    await db.batch(statements.map((sql) => db.prepare(sql)));
  }
}

async function dropEverything(db: D1Database): Promise<void> {
  // Newest first, so a table goes before the tables it references.
  const { results } = await db.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY rowid DESC",
  ).all();
  if (results.length === 0) return;
  await db.batch([db.prepare('PRAGMA defer_foreign_keys = ON'), ...results.map((row) => db.prepare(`DROP TABLE "${String(row['name'])}"`))]);
}
