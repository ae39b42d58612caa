// The embedded PostgreSQL that `npm test` brings when DATABASE_URL names no server: it starts from the npm packages'
// binaries (as `nobody` when the tests run as root), accepts only the URL it hands out, and leaves nothing behind.
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';

let server: EmbeddedPostgres;

beforeAll(async () => {
  server = await startEmbeddedPostgres();
}, 60_000);

afterAll(() => server?.stop());

describe('embedded PostgreSQL for the tests', () => {
  it('starts from the npm packages and answers queries on the URL it hands out', async () => {
    expect(server.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ version: string }>('SELECT version()');
    await client.end();
    expect(rows[0]!.version).toMatch(/^PostgreSQL 18/);
  });

  it('refuses a connection without its password', async () => {
    const client = new pg.Client({ connectionString: server.url.replace(/:[^:@]+@/, ':wrong@') });
    await expect(client.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('stops the server and deletes its folder', async () => {
    expect(existsSync(server.folder)).toBe(true);
    await server.stop();
    expect(existsSync(server.folder)).toBe(false);
    const client = new pg.Client({ connectionString: server.url });
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
  });
});
