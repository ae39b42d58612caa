// A hostile (or sloppy) upstream puts a citizen's name, birth date, spaced ID, ethnicity and religion into every
// free-text field it has and into malformed payloads. The real gateway, run as a child process against the real
// simulators, goes through the error paths of lookups and verifications on all three upstreams; afterwards none of
// the planted text may be in its stdout, its stderr, the spans it exported or its SQLite file.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type RunningSimulators } from '../../mocks/index.ts';
import type { Faults } from '../../mocks/http/fault-schema.ts';
import { fetchSample, type Sample } from '../support/sample.ts';
import { API_KEY, callbackClient, isoDate, poster } from './verifications-support.ts';

const HOSTILE_TEXT = 'Công dân NGUYỄN VĂN AN sinh ngày 15/03/1990, CCCD 051 190 000 123, thường trú Thôn 7, xã Sơn Thủy; '
  + 'dân tộc Chăm, tôn giáo Phật giáo Hòa Hảo';
/** Every piece of the planted text that identifies someone, in the forms it could leak in. */
const PLANTED = ['NGUYỄN VĂN AN', '15/03/1990', '15/03', '051 190 000 123', '190 000', '051190000123', 'Thôn 7', 'Chăm', 'Hòa Hảo', 'Phật giáo'];

interface Child { process: ChildProcess; url: string; stdout: string[]; stderr: string[]; exited: Promise<number | null> }

function startChild(configFile: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    env: { ...process.env, GATEWAY_CONFIG: configFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr.push(chunk.toString('utf8'));
      const match = /API:\s+(http:\/\/\S+)\/v1/.exec(stderr.join(''));
      if (match) resolve({ process: child, url: match[1]!, stdout, stderr, exited });
    });
    void exited.then((code) => reject(new Error(`gateway exited (${code}) before listening:\n${stderr.join('')}`)));
  });
}

/** Stands in for the OpenTelemetry collector: keeps every OTLP/HTTP body it is sent. */
async function startSpanReceiver(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

const folder = mkdtempSync(join(tmpdir(), 'gateway-hostile-'));
let simulators: RunningSimulators;
let spans: Awaited<ReturnType<typeof startSpanReceiver>>;
let sample: Sample;
let child: Child | undefined;

beforeAll(async () => {
  simulators = await startSimulators();
  spans = await startSpanReceiver();
  sample = await fetchSample(simulators.population.url);
  // The breaker never opens (every call must reach the hostile upstream), retries are quick.
  const resilience = { breaker: { volumeThreshold: 100_000 }, retry: { baseDelayMs: 5, maxDelayMs: 20 } };
  const upstream = { deadlineMs: 1_000, resilience };
  const config = {
    server: { host: '127.0.0.1', port: 0 },
    log: { level: 'debug' },
    simulators: { enabled: false },
    upstreams: {
      population: { baseUrl: simulators.population.url, clientId: 'demo-gateway', clientSecret: 'demo-secret', ...upstream },
      civilStatus: { baseUrl: simulators.civilStatus.url, username: 'demo-xa', password: 'demo-password', ...upstream },
      land: { baseUrl: simulators.land.url, username: 'demo-land', password: 'demo-password', ...upstream },
    },
    clients: [await callbackClient('http://127.0.0.1:9/hooks')],
    health: { probes: { population: { enabled: false }, civilStatus: { enabled: false }, land: { enabled: false } } },
    queue: { databasePath: join(folder, 'gateway.sqlite'), syncBudgetMs: 300, pollIntervalMs: 50, backoff: { baseMs: 50, maxMs: 200 } },
    telemetry: { enabled: true, otlpEndpoint: spans.url, serviceName: 'hostile-upstream-test' },
  };
  const configFile = join(folder, 'gateway.yaml');
  writeFileSync(configFile, JSON.stringify(config, null, 2)); // JSON is YAML
  child = await startChild(configFile);
}, 30_000);

afterAll(async () => {
  child?.process.kill('SIGKILL');
  await simulators?.close();
  await new Promise<void>((resolve) => (spans ? spans.server.close(() => resolve()) : resolve()));
});

function get(path: string): Promise<number> {
  return fetch(`${child!.url}${path}`, {
    headers: { Authorization: `Bearer ${API_KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-ket-hon' },
  }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });
}

async function verify(body: unknown): Promise<number> {
  const response = await poster(child!.url)(body);
  await response.arrayBuffer();
  return response.status;
}

/** Sets the same hostile free text plus `faults` on one simulator, runs `calls`, returns their statuses. */
async function withFaults(sim: Pick<RunningSimulators['land'], 'faults'>, faults: Faults, calls: () => Promise<number[]>): Promise<number[]> {
  sim.faults.clear();
  sim.faults.set({ freeText: HOSTILE_TEXT, ...faults });
  return calls();
}

describe('a hostile upstream', () => {
  it('gets none of its free text into stdout, stderr, exported spans or the store', async () => {
    const { population, civilStatus, land } = simulators;
    const citizen = sample.citizenDetails.find((each) => !each.fullName.includes('NGUYỄN VĂN AN') && each.dateOfBirth !== '15/03/1990')!;
    const id = citizen.personalId;
    const identity = { type: 'citizen-identity', subject: { personalId: id, fullName: citizen.fullName, dateOfBirth: isoDate(citizen.dateOfBirth) } };
    const envelope = (errorCode?: string): Faults => ({ errorRate: 1, errorMode: 'envelope', ...(errorCode ? { errorCode } : {}) });
    const offContract: Faults = { errorRate: 1, errorMode: 'off-contract' };
    const garbage: Faults = { garbageRate: 1 };

    // Population: moTa with maKetQua 99, 05, 06 and 04; an off-contract and a garbage body; a verification queued.
    const lookup = () => Promise.all([get(`/v1/citizens/${id}`)]);
    expect(await withFaults(population, envelope(), lookup)).toEqual([503]);
    expect(await withFaults(population, envelope('05'), lookup)).toEqual([422]);
    expect(await withFaults(population, envelope('06'), lookup)).toEqual([403]);
    expect(await withFaults(population, envelope('04'), lookup)).toEqual([404]);
    expect(await withFaults(population, offContract, lookup)).toEqual([503]);
    expect(await withFaults(population, garbage, lookup)).toEqual([503]);
    expect(await withFaults(population, envelope(), async () => [await verify(identity)])).toEqual([202]);
    expect(await withFaults(population, offContract, async () => [await verify({ ...identity, subject: { ...identity.subject } })])).toEqual([202]);

    // Civil status: thongBao with HT500, HT422 and HT404, off-contract and garbage bodies, a failing login.
    const civil = () => Promise.all([get(`/v1/civil-status/births?personalId=${id}`), get(`/v1/civil-status/marital-status/${id}`)]);
    expect(await withFaults(civilStatus, envelope(), civil)).toEqual([503, 503]);
    expect(await withFaults(civilStatus, envelope('HT422'), civil)).toEqual([422, 422]);
    expect(await withFaults(civilStatus, envelope('HT404'), civil)).toEqual([404, 404]);
    expect(await withFaults(civilStatus, offContract, civil)).toEqual([503, 503]);
    expect(await withFaults(civilStatus, garbage, civil)).toEqual([503, 503]);
    expect(await withFaults(civilStatus, envelope(), async () => [await verify({ type: 'marital-status', subject: { personalId: id } })])).toEqual([202]);

    // Land: faultstring with soap:Server, Client.KhongTimThay, Client.ChuaPhanQuyen; off-contract, garbage.
    const parcel = sample.parcels[0]!;
    const landCalls = () => Promise.all([
      get(`/v1/land/parcels/${parcel.communeCode}/${parcel.mapSheet}/${parcel.parcelNumber}`),
      get(`/v1/land/certificates/${encodeURIComponent(sample.certificates[0]!)}`),
    ]);
    expect(await withFaults(land, envelope(), landCalls)).toEqual([503, 503]);
    expect(await withFaults(land, envelope('soap:Client.KhongTimThay'), landCalls)).toEqual([404, 404]);
    expect(await withFaults(land, envelope('soap:Client.ChuaPhanQuyen'), landCalls)).toEqual([403, 403]);
    expect(await withFaults(land, offContract, landCalls)).toEqual([503, 503]);
    expect(await withFaults(land, garbage, landCalls)).toEqual([503, 503]);
    expect(await withFaults(land, envelope(), async () => [await verify({ type: 'land-parcel', subject: parcel })])).toEqual([202]);

    // The queued tickets are retried against the still hostile upstreams before the gateway stops.
    await population.waitForStats((stats) => stats.failed >= 20);
    const running = child!;
    child = undefined;
    running.process.kill('SIGTERM');
    expect(await running.exited).toBe(0);

    const stdout = running.stdout.join('');
    const stderr = running.stderr.join('');
    const exported = spans.bodies.join('\n');
    const store = readdirSync(folder).filter((name) => name.startsWith('gateway.sqlite'))
      .map((name) => readFileSync(join(folder, name)).toString('utf8')).join('\n');
    // The paths ran and were recorded: classified errors in the log, spans exported, tickets stored.
    // What is logged instead: the upstream's code, the text's length and hash, a payload's shape.
    expect(stdout).toMatch(/"maKetQua":"99","moTa":\{"chars":\d+,"fnv1a":"[0-9a-f]{8}"\}/);
    expect(stdout).toMatch(/"maLoi":"HT422","thongBao":\{"chars":\d+,"fnv1a":"[0-9a-f]{8}"\}/);
    expect(stdout).toMatch(/"faultcode":"Server.LoiHeThong","faultstring":\{"chars":\d+,"fnv1a":"[0-9a-f]{8}"\}/);
    expect(stdout).toContain('"shape":"markup <html body h1 p>"');
    expect(exported).toContain('hostile-upstream-test');
    expect(store).toContain(id);
    for (const [where, text] of Object.entries({ stdout, stderr, spans: exported, store })) {
      for (const planted of PLANTED) expect(text, `${where} contains "${planted}"`).not.toContain(planted);
    }
  }, 60_000);
});
