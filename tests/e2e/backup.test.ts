// Backup and restore of the SQLite store: `npm run backup -- <file>` (src/runtime/backup.ts) copies the store while
// the gateway takes verifications, and the README's restore steps bring every ticket back.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { fetchSample } from '../support/sample.ts';
import { callbackClient, COMMUNES, getter, isoDate, poster } from './verifications-support.ts';

const TICKETS = 300;
const BATCH = 25;

/** Runs the backup command as an operator would; resolves with its exit code and output. */
function runBackup(configFile: string, target: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/backup.ts', target], { env: { ...process.env, GATEWAY_CONFIG: configFile } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('backup and restore', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gateway-backup-'));
  const databasePath = join(folder, 'gateway.sqlite');
  const gateways: TestGateway[] = [];
  const configFile = join(folder, 'gateway.yaml');
  writeFileSync(configFile, JSON.stringify({ upstreams: {
    population: { baseUrl: 'http://127.0.0.1:9', clientId: 'x', clientSecret: { env: 'UNUSED' } },
    civilStatus: { baseUrl: 'http://127.0.0.1:9', username: 'x', password: { env: 'UNUSED' } },
    land: { baseUrl: 'http://127.0.0.1:9', username: 'x', password: { env: 'UNUSED' } },
  }, queue: { databasePath } })); // JSON is YAML; the backup needs only the store's path
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close().catch(() => {})));
    rmSync(folder, { recursive: true, force: true });
  });

  it('says in one line that the config file is missing', async () => {
    const result = await runBackup(join(folder, 'nowhere.yaml'), join(folder, 'never.sqlite'));
    expect(result.code).toBe(1);
    expect(result.output.trim()).toMatch(/^Configuration file \S+nowhere\.yaml not found\. GATEWAY_CONFIG names[^\n]*$/);
  });

  it('restores a backup taken under load with every ticket acknowledged before it began', async () => {
    const client = await callbackClient('http://127.0.0.1:9/hooks');
    const gateway = await startTestGateway((config) => {
      config.queue.databasePath = databasePath;
      config.clients.push(client);
    });
    gateways.push(gateway);
    // The upstream is down: every verification is a 202 and a ticket committed to the store.
    gateway.simulators!.population.faults.set({ down: true });
    const sample = await fetchSample(gateway.simulators!.population.url);

    const post = poster(gateway.url);
    const acknowledged: string[] = [];
    let acknowledgedBeforeBackup: string[] = [];
    let backup: Promise<{ code: number | null; output: string }> | undefined;
    const target = join(folder, 'backup.sqlite');
    for (let start = 0; start < TICKETS; start += BATCH) {
      if (start === TICKETS / 2) {
        acknowledgedBeforeBackup = [...acknowledged];
        backup = runBackup(configFile, target); // runs while the batches below are being written
      }
      const ids = await Promise.all(Array.from({ length: BATCH }, async (_, i) => {
        const person = sample.citizenDetails[(start + i) % sample.citizenDetails.length]!;
        const response = await post({
          type: 'citizen-identity', subject: { personalId: person.personalId, fullName: person.fullName, dateOfBirth: isoDate(person.dateOfBirth) },
        }, { commune: COMMUNES[(start + i) % COMMUNES.length] });
        expect(response.status).toBe(202);
        return ((await response.json()) as { id: string }).id;
      }));
      acknowledged.push(...ids);
    }
    const result = await backup!;
    expect(result).toMatchObject({ code: 0, output: expect.stringMatching(/written to .*backup\.sqlite: \d+ bytes, \d+ tickets, integrity ok/) });
    // Personal data in the copy too: its owner's alone, whatever the umask.
    expect(statSync(target).mode & 0o777).toBe(0o600);
    await gateway.close();

    // Restore as the README says: gateway stopped, the backup copied over the store, its WAL and SHM removed.
    rmSync(`${databasePath}-wal`, { force: true });
    rmSync(`${databasePath}-shm`, { force: true });
    copyFileSync(target, databasePath);
    const restored = await startTestGateway((config) => {
      config.queue.databasePath = databasePath;
      config.clients.push(client);
    });
    gateways.push(restored);
    restored.simulators!.population.faults.set({ down: true });
    const get = getter(restored.url);
    const missing: string[] = [];
    for (const id of acknowledgedBeforeBackup) {
      if ((await get(`/v1/verifications/${id}`)).status !== 200) missing.push(id);
    }
    expect(acknowledgedBeforeBackup).toHaveLength(TICKETS / 2);
    expect(missing).toEqual([]);
  }, 60_000);

  it('never overwrites an existing file', async () => {
    const existing = join(folder, 'existing.sqlite');
    writeFileSync(existing, 'keep me');
    const result = await runBackup(configFile, existing);
    expect(result.code).toBe(1);
    expect(result.output.trim()).toBe(`Backup failed: ${existing} exists already; a backup never overwrites a file`);
  });

  it('refuses, naming pg_dump, when the gateway keeps its store in PostgreSQL', async () => {
    const postgresConfig = join(folder, 'postgres.yaml');
    writeFileSync(postgresConfig, JSON.stringify({ upstreams: {
      population: { baseUrl: 'http://127.0.0.1:9', clientId: 'x', clientSecret: { env: 'UNUSED' } },
      civilStatus: { baseUrl: 'http://127.0.0.1:9', username: 'x', password: { env: 'UNUSED' } },
      land: { baseUrl: 'http://127.0.0.1:9', username: 'x', password: { env: 'UNUSED' } },
    }, queue: { databasePath }, store: { postgres: { connectionString: 'postgres://127.0.0.1:9/none' } } }));
    const result = await runBackup(postgresConfig, join(folder, 'not-written.sqlite'));
    expect(result.code).toBe(1);
    expect(result.output.trim()).toBe('The store is in PostgreSQL (store.postgres): back it up with pg_dump (docs/operations.md).');
  });
});
