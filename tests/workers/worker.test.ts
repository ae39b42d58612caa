// The bundled Worker in workerd (Miniflare's Node API, offline) with a D1 binding, against the simulators run in
// this process on loopback: the same routes as on Node, and a verification queued during an outage completed by
// the cron after the upstream is back. Reports the bundle size and the cold start.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_CREDENTIALS, startSimulators, type RunningSimulators } from '../../mocks/index.ts';
import type { D1Database } from '../../src/store/d1.ts';
import { applyMigrationFiles } from '../../src/store/d1-test-support.ts';
import { eventually } from '../support/eventually.ts';
import { bundleWorker, type WorkerBundle } from './bundle.ts';

const KEY = 'demo-key-for-local-workers-only';
const wranglerToml = readFileSync(join(import.meta.dirname, '..', '..', 'wrangler.toml'), 'utf8');
const compatibilityDate = /compatibility_date = "([^"]+)"/.exec(wranglerToml)![1]!;

let bundle: WorkerBundle;
let simulators: RunningSimulators;
let mf: Miniflare;
let sample: { citizens: string[]; communes: string[] };
const timings: Record<string, number> = {};
/** The Worker's console output (its JSON log lines), as workerd wrote it. */
const logLines: string[] = [];

function config(): string {
  return `
log: { level: warn }
upstreams:
  population: { baseUrl: "${simulators.population.url}", clientId: ${DEMO_CREDENTIALS.population.clientId}, clientSecret: { env: POPULATION_CLIENT_SECRET } }
  civilStatus: { baseUrl: "${simulators.civilStatus.url}", username: ${DEMO_CREDENTIALS.civilStatus.username}, password: { env: CIVIL_STATUS_PASSWORD } }
  land: { baseUrl: "${simulators.land.url}", username: ${DEMO_CREDENTIALS.land.username}, password: { env: LAND_PASSWORD } }
clients:
  - name: Demo (simulators)
    keySha256: "7ab722e29aeac65ec83c7683062274ae653b8d3f6ecdf5798b536fdf6bbe6219"
    communes: ${JSON.stringify(sample.communes)}
    scopes: []
`;
}

const personal = { authorization: `Bearer ${KEY}`, 'x-officer-id': '051090001234', 'x-purpose': 'dang-ky-khai-sinh' };

beforeAll(async () => {
  let started = performance.now();
  bundle = await bundleWorker();
  timings['bundleMs'] = performance.now() - started;
  simulators = await startSimulators({ ...DEMO_CREDENTIALS });
  sample = await (await fetch(`${simulators.population.url}/__sim/sample`)).json() as typeof sample;
  started = performance.now();
  mf = new Miniflare({
    // The module given whole, as wrangler uploads it: Miniflare's own import walk refuses the dynamic import()s
    // some dependencies carry (optional backends loaded only when configured), which workerd itself never reaches.
    modules: bundle.modules, modulesRoot: dirname(bundle.scriptPath),
    compatibilityDate, compatibilityFlags: ['nodejs_compat'], d1Databases: ['DB'],
    handleStructuredLogs: ({ message }: { message: string }) => void logLines.push(message),
    bindings: {
      GATEWAY_CONFIG: config(), POPULATION_CLIENT_SECRET: DEMO_CREDENTIALS.population.clientSecret,
      CIVIL_STATUS_PASSWORD: DEMO_CREDENTIALS.civilStatus.password, LAND_PASSWORD: DEMO_CREDENTIALS.land.password,
    },
  });
  await mf.ready;
  timings['workerdReadyMs'] = performance.now() - started;
  await applyMigrationFiles((await mf.getD1Database('DB')) as unknown as D1Database);
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  await simulators?.close();
  // The figures the README reports (bundle size, cold start), printed with every run of the Workers project.
  process.stdout.write(`\nWorker bundle: ${(bundle.bytes / 1024).toFixed(0)} KiB (${bundle.uploadLine.trim()}); ${JSON.stringify(
    Object.fromEntries(Object.entries(timings).map(([name, ms]) => [name, Math.round(ms)])))}\n`);
});

describe('the gateway on workerd', () => {
  it('answers its first request, the cold start, with the isolate building the whole gateway', async () => {
    const started = performance.now();
    const response = await mf.dispatchFetch('http://gateway.test/health/live');
    timings['coldStartFirstResponseMs'] = performance.now() - started;
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const warm = performance.now();
    await (await mf.dispatchFetch('http://gateway.test/health/live')).arrayBuffer();
    timings['warmResponseMs'] = performance.now() - warm;
    expect(bundle.bytes).toBeLessThan(10 * 1024 * 1024); // the Workers paid-plan limit (compressed: 10 MiB)
  });

  it('serves the OpenAPI document and the health page', async () => {
    const openapi = await mf.dispatchFetch('http://gateway.test/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(((await openapi.json()) as { paths: object }).paths)).toContain('/v1/citizens/{personalId}');
    const status = await mf.dispatchFetch('http://gateway.test/status');
    expect(status.status).toBe(200);
    expect(status.headers.get('content-type')).toContain('text/html');
    await status.arrayBuffer();
  });

  it('looks a citizen up in the population simulator through the platform fetch', async () => {
    const response = await mf.dispatchFetch(`http://gateway.test/v1/citizens/${sample.citizens[0]}`, { headers: personal });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { personalId: string }; meta: { freshness: string } };
    expect(body.data.personalId).toBe(sample.citizens[0]);
    expect(body.meta.freshness).toBe('fresh');
  });

  it('answers from the administrative-unit catalogue the bundle carries, and adds its units to addresses', async () => {
    const unit = await mf.dispatchFetch('http://gateway.test/v1/admin-units/02620', { headers: { authorization: `Bearer ${KEY}` } });
    expect(unit.status).toBe(200);
    expect(await unit.json()).toMatchObject({ data: { scheme: '2025', communeCode: '02620', name: 'Xã Sơn Thủy' } });
    const citizen = await mf.dispatchFetch('http://gateway.test/v1/citizens/051190000123', { headers: personal });
    expect(citizen.status).toBe(200);
    const { data } = (await citizen.json()) as { data: { permanentAddress: Record<string, unknown> } };
    expect(data.permanentAddress['unit2025']).toEqual({ provinceCode: '51', communeCode: '21085', name: 'Xã Bình Minh' });
  });

  it('serves Swagger UI and its files from the bundle at /docs', async () => {
    const page = await mf.dispatchFetch('http://gateway.test/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/docs/assets/swagger-ui-bundle.js');
    const css = await mf.dispatchFetch('http://gateway.test/docs/assets/swagger-ui.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css');
    expect(await css.text()).toContain('.swagger-ui');
    const script = await mf.dispatchFetch('http://gateway.test/docs/assets/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(1_000_000);
    const icon = await mf.dispatchFetch('http://gateway.test/docs/assets/favicon-32x32.png');
    expect(icon.status).toBe(200);
    expect(new Uint8Array(await icon.arrayBuffer()).subarray(1, 4)).toEqual(new TextEncoder().encode('PNG'));
  });

  describe('with identical lookups in flight from several requests at once', () => {
    const lookup = (personalId: string, headers: Record<string, string> = {}) =>
      mf.dispatchFetch(`http://gateway.test/v1/citizens/${personalId}`, { headers: { ...personal, ...headers } });
    const answer = async (response: { status: number; text(): Promise<string> }) => ({ status: response.status, body: await response.text() });

    it('answers both requests of each wave, the second wave after the first has finished', async () => {
      simulators.population.faults.set({ latencyMs: 300 });
      try {
        for (const personalId of [sample.citizens[2]!, sample.citizens[3]!]) {
          const wave = await Promise.all([lookup(personalId).then(answer), lookup(personalId).then(answer)]);
          expect(wave.map((one) => one.status)).toEqual([200, 200]);
          for (const one of wave) expect(JSON.parse(one.body)).toMatchObject({ data: { personalId } });
        }
      } finally {
        simulators.population.faults.clear();
      }
      expect(logLines.filter((line) => line.includes('"level":50'))).toEqual([]);
    });

    it('answers a request whose identical lookup was started by a request that has already given up and ended', async () => {
      simulators.population.faults.set({ latencyMs: 600 });
      try {
        const personalId = sample.citizens[4]!;
        const upstreamCalls = () => simulators.population.stats().byPath['/api/dan-cu/v1/cong-dan/tra-cuu'] ?? 0;
        const callsBefore = upstreamCalls();
        // The first asks for at most 0.2 s and is answered (504, its own deadline passed) while the upstream call it
        // started runs on for 0.6 s; the second comes only after that answer.
        const first = await lookup(personalId, { 'request-timeout': '0.2' }).then(answer);
        expect(first.status).toBe(504); // client-deadline: its own short deadline, not the upstream's fault
        const joined = await lookup(personalId).then(answer);
        expect(joined.status).toBe(200);
        expect(JSON.parse(joined.body)).toMatchObject({ data: { personalId } });
        // Its own call: on workerd no call is shared between requests (docs/workers.md), so none is left waiting on
        // the I/O of a request that has ended.
        expect(upstreamCalls() - callsBefore).toBe(2);
      } finally {
        simulators.population.faults.clear();
      }
    });
  });

  it('queues a verification while the upstream is down and completes it from the cron once it is back', async () => {
    const lookup = (await (await mf.dispatchFetch(`http://gateway.test/v1/citizens/${sample.citizens[1]}`, { headers: personal })).json()) as {
      data: { personalId: string; fullName: string; dateOfBirth: string };
    };
    simulators.population.faults.set({ down: true });
    const submitted = await mf.dispatchFetch('http://gateway.test/v1/verifications', {
      method: 'POST',
      headers: { ...personal, 'content-type': 'application/json', 'idempotency-key': 'workers-outage-1' },
      body: JSON.stringify({ type: 'citizen-identity', subject: { personalId: lookup.data.personalId, fullName: lookup.data.fullName, dateOfBirth: lookup.data.dateOfBirth } }),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    const ticket = async () => (await (await mf.dispatchFetch(`http://gateway.test/v1/verifications/${id}`, { headers: personal })).json()) as { status: string };
    expect((await ticket()).status).toBe('queued');

    simulators.population.faults.clear();
    const worker = await mf.getWorker();
    const completed = await eventually(async () => {
      await worker.scheduled({ cron: '* * * * *' });
      const now = await ticket();
      return now.status === 'completed' ? now : undefined;
    }, 30_000, 500);
    expect(completed).toMatchObject({ status: 'completed' });
    // Every cron job ran through: none failed (as a drainer kept across invocations did: workerd refuses that I/O).
    expect(logLines.filter((line) => line.includes('"level":50'))).toEqual([]);
  });

  it('writes the audit log to D1 after each request and each drain, as one chain', async () => {
    const db = (await mf.getD1Database('DB')) as unknown as D1Database;
    const rows = await eventually(async () => {
      const found = (await db.prepare('SELECT seq, operation, outcome, client FROM audit_log ORDER BY seq').all()).results as { seq: number; operation: string; outcome: string; client: string }[];
      // The lookups above, and the queued verification's replay that the cron completed.
      return found.some((row) => row.operation.endsWith('.replay') && row.outcome === 'completed') ? found : undefined;
    }, 10_000, 200);
    expect(rows.some((row) => row.operation === 'lookupCitizen' && row.outcome === 'answered')).toBe(true);
    expect(rows.every((row) => row.client === 'Demo (simulators)')).toBe(true);
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, index) => rows[0]!.seq + index));
    expect(logLines.filter((line) => line.includes('"level":50'))).toEqual([]);
  });
});

// The YAML the test hands the Worker parses as the wrangler.toml's does (one schema for both).
it('keeps the wrangler.toml configuration valid YAML', () => {
  const yamlText = /GATEWAY_CONFIG = """([\s\S]*?)"""/.exec(wranglerToml)![1]!;
  expect(parse(yamlText)).toMatchObject({ upstreams: { population: { baseUrl: 'http://127.0.0.1:9101' } } });
});
