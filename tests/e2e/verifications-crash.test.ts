// Crash test: the gateway as a child process is killed (SIGKILL) while draining 500 queued verifications and
// started again on the same SQLite file. Every ticket must complete; an upstream duplicate (a maYeuCau seen
// twice) may only be a replay of a call that was in flight at the crash, so there can be at most `concurrency`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type RunningSimulators } from '../../mocks/index.ts';
import { fetchSample, type Sample } from '../support/sample.ts';
import {
  callbackClient, COMMUNES, getter, isoDate, poster, startCallbackReceiver, type CallbackReceiver,
} from './verifications-support.ts';

const TICKETS = 500;
const DRAIN = { ratePerSecond: 150, concurrency: 8 };

interface Child { process: ChildProcess; url: string; exited: Promise<number | null> }

/** Starts `src/runtime/node.ts` under this Node (24) with tsx; resolves with the URL it prints. */
function startChild(configFile: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    env: { ...process.env, GATEWAY_CONFIG: configFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /API:\s+(http:\/\/\S+)\/v1/.exec(output);
      if (match) resolve({ process: child, url: match[1]!, exited });
    });
    void exited.then((code) => reject(new Error(`gateway exited (${code}) before listening:\n${output}`)));
  });
}

async function inBatches<T>(count: number, size: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += size) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, i) => task(start + i)))));
  }
  return results;
}

describe('crash while draining', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gateway-crash-'));
  let simulators: RunningSimulators;
  let receiver: CallbackReceiver;
  let sample: Sample;
  let configFile: string;
  const children: Child[] = [];

  beforeAll(async () => {
    simulators = await startSimulators();
    receiver = await startCallbackReceiver();
    sample = await fetchSample(simulators.population.url);
    const breaker = { resilience: { breaker: { resetTimeoutMs: 300, maxResetTimeoutMs: 600 } } };
    const config = {
      server: { host: '127.0.0.1', port: 0 },
      log: { level: 'error' },
      simulators: { enabled: false },
      upstreams: {
        population: { baseUrl: simulators.population.url, clientId: 'demo-gateway', clientSecret: 'demo-secret', deadlineMs: 1_000, ...breaker },
        civilStatus: { baseUrl: simulators.civilStatus.url, username: 'demo-xa', password: 'demo-password' },
        land: { baseUrl: simulators.land.url, username: 'demo-land', password: 'demo-password' },
      },
      clients: [await callbackClient(receiver.url)],
      health: { probes: { population: { enabled: false }, civilStatus: { enabled: false }, land: { enabled: false } } },
      queue: {
        databasePath: join(folder, 'gateway.sqlite'),
        // A short lease, for a quick takeover after the crash, leaves no room to wait for a call past its deadline.
        syncBudgetMs: 300, leaseMs: 4_000, sentCallGraceMs: 0, pollIntervalMs: 50, maxAttempts: 1_000, backoff: { baseMs: 100, maxMs: 500 },
        drain: { population: DRAIN },
        delivery: { concurrency: 8, timeoutMs: 1_000 },
      },
    };
    configFile = join(folder, 'gateway.yaml');
    writeFileSync(configFile, JSON.stringify(config, null, 2)); // JSON is YAML
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        child.process.kill('SIGTERM');
        await child.exited;
      }
    }
    await receiver?.close();
    await simulators?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('completes every ticket after a kill -9 mid-drain, duplicating only calls in flight at the crash', async () => {
    const population = simulators.population;
    population.faults.set({ down: true });
    const first = await startChild(configFile);
    children.push(first);
    const post = poster(first.url);
    const responses = await inBatches(TICKETS, 50, async (i) => {
      const person = sample.citizenDetails[i % sample.citizenDetails.length]!;
      const response = await post({
        type: 'citizen-identity', citizenWaiting: i % 10 === 0, callbackUrl: `${receiver.url}/crash`,
        subject: { personalId: person.personalId, fullName: person.fullName, dateOfBirth: isoDate(person.dateOfBirth) },
      }, { commune: COMMUNES[i % COMMUNES.length] });
      return { status: response.status, id: ((await response.json()) as { id: string }).id };
    });
    expect(responses.filter((r) => r.status !== 202)).toEqual([]);
    const ids = new Set(responses.map((r) => r.id));
    expect(ids.size).toBe(TICKETS);

    // A POST answered 202 leaves its sync attempt running (retrying) until its deadline, its ticket in progress
    // under the POST's lease. Let those end against the outage, so that what the upstream sees from here on is the
    // drainer alone, capped at its concurrency. While the breaker is open the drainer holds no ticket, so the first
    // moment with no ticket in progress is the moment no sync attempt is left.
    const list = getter(first.url);
    await expect.poll(async () => (await list('/v1/verifications?status=in-progress&limit=1')).body['data'].length, { timeout: 10_000, interval: 50 }).toBe(0);

    // The upstream comes back slowly enough that replays are in flight when the gateway is killed.
    population.faults.set({ down: null, latencyMs: 30 });
    await population.waitForStats((stats) => stats.succeeded >= 150);
    first.process.kill('SIGKILL');
    await first.exited;
    const atCrash = population.stats();

    const second = await startChild(configFile);
    children.push(second);
    const completed = (received: { type: string; ticketId: string }[]) =>
      new Set(received.filter((c) => c.type === 'verification.completed' && ids.has(c.ticketId)).map((c) => c.ticketId));
    await receiver.waitFor((received) => completed(received).size === TICKETS, 40_000);

    const stats = population.stats();
    const seen = Object.values(stats.requestIds ?? {});
    const duplicates = seen.filter((count) => count > 1).length;
    process.stdout.write(
      `crash test: ${TICKETS} tickets, ${atCrash.succeeded} answered upstream before the kill, ` +
      `${duplicates} upstream duplicate(s) (same maYeuCau replayed after the crash), max in flight ${stats.maxInFlight}\n`,
    );
    expect(seen).toHaveLength(TICKETS); // one maYeuCau per ticket, whichever process replayed it
    expect(duplicates).toBeLessThanOrEqual(DRAIN.concurrency);
    expect(seen.every((count) => count <= 2)).toBe(true);
    expect(stats.maxInFlight).toBeLessThanOrEqual(DRAIN.concurrency);
    expect(receiver.received.filter((c) => ids.has(c.ticketId)).every((c) => c.signatureValid)).toBe(true);

    // The store agrees: every ticket completed, none lost.
    const get = getter(second.url);
    let listed = 0;
    let cursor: string | null = null;
    do {
      const page = await get(`/v1/verifications?status=completed&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      listed += (page.body['data'] as { id: string }[]).filter((t) => ids.has(t.id)).length;
      cursor = page.body['nextCursor'] as string | null;
    } while (cursor);
    expect(listed).toBe(TICKETS);
  }, 60_000);
});
