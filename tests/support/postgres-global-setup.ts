// Vitest global setup of the `postgres` project: one PostgreSQL for the whole run, handed to the test files as
// inject('databaseUrl'). DATABASE_URL names a server to use instead; otherwise an embedded one starts (and stops at
// the end), so the tests need no PostgreSQL on the machine. Each test still makes its own schema or database.
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env['DATABASE_URL'];
  if (given) {
    project.provide('databaseUrl', given);
    return;
  }
  const server = await startEmbeddedPostgres();
  console.info(`PostgreSQL tests: embedded PostgreSQL started in ${server.startMs} ms (set DATABASE_URL to use a server instead)`);
  project.provide('databaseUrl', server.url);
  return () => server.stop();
}
