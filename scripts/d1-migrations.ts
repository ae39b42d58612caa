// Writes migrations/*.sql (the D1 schema wrangler applies) from the SQLite stores' migrations: `npm run d1:migrations`.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { d1MigrationFiles } from '../src/store/d1-migrations.ts';

const folder = join(import.meta.dirname, '..', 'migrations');
mkdirSync(folder, { recursive: true });
const files = d1MigrationFiles();
const wanted = new Set(files.map((file) => file.name));
for (const stale of readdirSync(folder).filter((name) => name.endsWith('.sql') && !wanted.has(name))) rmSync(join(folder, stale));
for (const file of files) writeFileSync(join(folder, file.name), file.sql);
process.stdout.write(`${files.length} migration files in ${folder}\n`);
