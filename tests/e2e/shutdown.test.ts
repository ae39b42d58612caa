// SIGTERM on the gateway process (the production entry, through tsx): it stops taking connections, lets the
// requests in flight and the verifications answered 202 but still talking to the upstream finish within
// server.shutdownGraceMs, gives back what outlasts it, writes its last log line and exits 0.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type RunningSimulators } from '../../mocks/index.ts';
import { eventually } from '../support/eventually.ts';
import { PRODUCTION_SECRETS, productionConfig, spawnGateway, stopGateway, type GatewayProcess } from '../support/gateway-process.ts';
import { fetchSample, type Sample } from '../support/sample.ts';
import { API_KEY, callbackClient, isoDate, poster } from './verifications-support.ts';

const UPSTREAM_LATENCY_MS = 1_500;

describe('graceful shutdown', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gateway-shutdown-'));
  let simulators: RunningSimulators;
  let sample: Sample;
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    simulators = await startSimulators();
    sample = await fetchSample(simulators.population.url);
  });
  afterEach(async () => {
    await stopGateway(gateway);
    simulators.population.faults.set({ latencyMs: null });
    simulators.civilStatus.faults.set({ latencyMs: null });
  });
  afterAll(async () => {
    await simulators?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Starts the gateway on its own store; returns its URL and the store's path. */
  async function start(name: string, shutdownGraceMs: number): Promise<{ url: string; databasePath: string }> {
    const databasePath = join(folder, `${name}.sqlite`);
    const config = productionConfig(simulators, databasePath, await callbackClient('http://127.0.0.1:9/hooks'));
    Object.assign(config, { server: { host: '127.0.0.1', port: 0, shutdownGraceMs }, queue: { databasePath, syncBudgetMs: 300 } });
    const configFile = join(folder, `${name}.yaml`);
    writeFileSync(configFile, JSON.stringify(config)); // JSON is YAML
    gateway = spawnGateway({ args: ['--import', 'tsx', 'src/runtime/node.ts'], env: { ...PRODUCTION_SECRETS, GATEWAY_CONFIG: configFile } });
    return { url: await gateway.listening, databasePath };
  }

  async function verifyLate(url: string): Promise<string> {
    const person = sample.citizenDetails[0]!;
    const response = await poster(url)({
      type: 'citizen-identity', subject: { personalId: person.personalId, fullName: person.fullName, dateOfBirth: isoDate(person.dateOfBirth) },
    }, { commune: '21085' });
    expect(response.status).toBe(202); // the budget (300 ms) ran out: the upstream call goes on in the background
    return ((await response.json()) as { id: string }).id;
  }

  const ticketRow = (databasePath: string, id: string) => {
    const db = new DatabaseSync(databasePath, { readOnly: true });
    try {
      return db.prepare('SELECT status, lease_owner FROM tickets WHERE id = ?').get(id);
    } finally {
      db.close();
    }
  };

  const refusesConnections = (url: string) => new Promise<boolean>((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(true));
  });

  it('finishes the requests and the verifications in flight, refuses new connections, and exits 0', async () => {
    const { url, databasePath } = await start('graceful', 10_000);
    simulators.population.faults.set({ latencyMs: UPSTREAM_LATENCY_MS });
    const ticketId = await verifyLate(url);
    // A lookup that ends well before the verification's upstream call: the HTTP server is closed by then.
    simulators.civilStatus.faults.set({ latencyMs: UPSTREAM_LATENCY_MS / 3 });
    const lookup = fetch(`${url}/v1/civil-status/marital-status/${sample.citizens[1]}`, {
      headers: { Authorization: `Bearer ${API_KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-khai-sinh', 'X-Commune-Code': '21085' },
    });
    await eventually(() => gateway!.stdout().includes('"msg":"request"') || gateway!.stdout().includes('ticket-queued'));
    gateway!.child.kill('SIGTERM');
    await eventually(() => gateway!.stdout().includes('"msg":"stopping"'));
    expect(await refusesConnections(url)).toBe(true);
    expect((await lookup).status).toBe(200);
    expect(await gateway!.exited).toBe(0);
    expect(ticketRow(databasePath, ticketId)).toEqual({ status: 'completed', lease_owner: null });
    expect(gateway!.stdout().trimEnd().split('\n').at(-1)).toContain('"msg":"gateway stopped"');
  });

  it('gives a verification that outlasts the grace back to the queue, unleased, and still exits 0', async () => {
    const { url, databasePath } = await start('bounded', 200);
    simulators.population.faults.set({ latencyMs: UPSTREAM_LATENCY_MS * 2 });
    const ticketId = await verifyLate(url);
    const stopAsked = performance.now();
    gateway!.child.kill('SIGTERM');
    expect(await gateway!.exited).toBe(0);
    expect(performance.now() - stopAsked).toBeLessThan(UPSTREAM_LATENCY_MS * 2);
    expect(ticketRow(databasePath, ticketId)).toEqual({ status: 'queued', lease_owner: null });
  });
});
