// Issue 15's "Done when": three gateway processes on one PostgreSQL ride out a population outage and its recovery
// with 300 verifications spread over them, and the leader is killed (SIGKILL) mid-drain. Every ticket ends once,
// nothing is performed upstream under two request ids, the drain keeps the province's rate and concurrency at the
// simulator, each alert channel hears one outage and one recovery, and the leader role moves within the lease.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSimulators, type RunningSimulators } from '../../mocks/index.ts';
import { startReceiver, type TestReceiver } from '../../src/alerts/testing/receiver.ts';
import { eventually } from '../support/eventually.ts';
import { PRODUCTION_SECRETS, productionConfig, spawnGateway, stopGateway, type GatewayProcess } from '../support/gateway-process.ts';
import { fetchSample, type Sample } from '../support/sample.ts';
import { callbackClient, COMMUNES, isoDate, poster, startCallbackReceiver, type CallbackReceiver } from './verifications-support.ts';

const url = inject('databaseUrl');
const schema = `gw_three_${Date.now().toString(36)}_${process.pid}`;
const folder = mkdtempSync(join(tmpdir(), 'gateway-three-instances-'));

const VERIFICATIONS = 300;
const DRAIN = { ratePerSecond: 20, concurrency: 3 };
const LEADER_LEASE_MS = 2_000;
const TICKET_LEASE_MS = 3_000;
const ALERT_SECRET = `whsec_${btoa('three instances e2e, 32 bytes!!')}`;

let simulators: RunningSimulators;
let sample: Sample;
let callbacks: CallbackReceiver;
let channels: TestReceiver[];
let db: pg.Client;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  [simulators, callbacks, ...channels] = await Promise.all([startSimulators(), startCallbackReceiver(), startReceiver(), startReceiver()]) as
    [RunningSimulators, CallbackReceiver, TestReceiver, TestReceiver];
  sample = await fetchSample(simulators.population.url);
  db = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await db.connect();
});
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => stopGateway(gateway)));
  await db?.end();
  await Promise.all([simulators?.close(), callbacks?.close(), ...(channels ?? []).map((channel) => channel.close())]);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  rmSync(folder, { recursive: true, force: true });
});

/** One config for every instance: fast probes, short leases, a fast drain, two alert channels for the down rule. */
async function writeConfig(): Promise<string> {
  const config = productionConfig(simulators, join(folder, 'unused.sqlite'), await callbackClient(callbacks.url)) as Record<string, any>;
  config['store'] = { postgres: { connectionString: url, schema, maxConnections: 6, leaseMs: LEADER_LEASE_MS } };
  for (const upstream of Object.values(config['upstreams'])) (upstream as { deadlineMs: number }).deadlineMs = 1_000;
  config['upstreams'].population.resilience = { breaker: { resetTimeoutMs: 300, maxResetTimeoutMs: 600 } };
  config['queue'] = {
    databasePath: join(folder, 'unused.sqlite'), syncBudgetMs: 200, leaseMs: TICKET_LEASE_MS, sentCallGraceMs: 500, pollIntervalMs: 50,
    maxAttempts: 1_000, backoff: { baseMs: 100, maxMs: 500 }, drain: { population: DRAIN },
  };
  config['health'] = {
    probes: {
      population: { enabled: true, intervalMs: 100, timeoutMs: 500, failureThreshold: 3, successThreshold: 2 },
      civilStatus: { enabled: false }, land: { enabled: false },
    },
    judgement: { evaluateEveryMs: 100 },
    incidents: { openDownAfterMs: 0, openDegradedAfterMs: 60_000, closeAfterMs: 500 },
  };
  const channel = (name: string, receiver: TestReceiver) => ({ name, type: 'webhook', url: `${receiver.url}/hooks`, secret: ALERT_SECRET, rules: ['down'] });
  config['alerts'] = {
    evaluateEveryMs: 100,
    delivery: { retryBaseMs: 100, retryMaxMs: 400, pollIntervalMs: 50, timeoutMs: 2_000 },
    channels: [channel('ops-hook', channels[0]!), channel('ops-hook-2', channels[1]!)],
  };
  const file = join(folder, 'gateway.yaml');
  writeFileSync(file, JSON.stringify(config)); // JSON is YAML
  return file;
}

/** The holder name each process logged when it became leader ("gateway:<uuid>"), if it did. */
function holdersOf(gateway: GatewayProcess): string[] {
  return [...gateway.stdout().matchAll(/"type":"elected","holder":"(gateway:[^"]+)"/g)].map((match) => match[1]!);
}

async function leaseRow(): Promise<{ holder: string; token: number; live: boolean } | undefined> {
  const { rows } = await db.query(
    "SELECT holder, token, expires_at > (extract(epoch from clock_timestamp()) * 1000)::bigint AS live FROM leader_lease WHERE name = 'leader'");
  return rows[0] ? { holder: rows[0].holder, token: Number(rows[0].token), live: rows[0].live } : undefined;
}

/** Ticket ids in every `ticket-ended` event the processes logged (the killed one's up to its death). */
function endedEvents(): string[] {
  return gateways.flatMap((gateway) => [...gateway.stdout().matchAll(/"type":"ticket-ended"[^}]*?"ticketId":"([^"]+)"/g)].map((match) => match[1]!));
}

/** Most performances within any 1 s window. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= 1_000) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('three gateway processes on one PostgreSQL', () => {
  it('drain an outage backlog once, at the province rate and concurrency, alert once per channel, and survive the leader being killed', { timeout: 120_000 }, async () => {
    const configFile = await writeConfig();
    for (let i = 0; i < 3; i += 1) {
      gateways.push(spawnGateway({ args: ['--import', 'tsx', 'src/runtime/node.ts'], env: { ...PRODUCTION_SECRETS, GATEWAY_CONFIG: configFile } }));
    }
    const urls = await Promise.all(gateways.map((gateway) => gateway.listening));
    const population = simulators.population;
    // Every instance shows the leader's probe of a healthy population system before the outage.
    await eventually(async () => {
      const views = await Promise.all(urls.map(async (base) => (await (await fetch(`${base}/v1/status`)).json()) as { checks: Record<string, { state: string; lastProbe: { outcome: string } | null }[]> }));
      return views.every((view) => view.checks['population:availability']?.[0]?.lastProbe?.outcome === 'ok');
    }, 20_000, 100);

    population.resetStats();
    population.faults.set({ down: true });
    await Promise.all(channels.map((channel) => channel.received(1, 10_000)));

    // 300 verifications, round-robin over the instances, all queued (202) while the upstream is down.
    const tickets: { id: string; status: number }[] = [];
    for (let batch = 0; batch < VERIFICATIONS; batch += 30) {
      tickets.push(...await Promise.all(Array.from({ length: 30 }, async (_, j) => {
        const i = batch + j;
        const person = sample.citizenDetails[i % sample.citizenDetails.length]!;
        const subject = { personalId: person.personalId, fullName: person.fullName, dateOfBirth: isoDate(person.dateOfBirth) };
        const response = await poster(urls[i % 3]!)({ type: 'citizen-identity', subject, callbackUrl: `${callbacks.url}/three` }, { commune: COMMUNES[i % 5] });
        return { id: ((await response.json()) as { id: string }).id, status: response.status };
      })));
    }
    expect(tickets.filter((ticket) => ticket.status !== 202)).toEqual([]);

    // What the simulator performs (xacThuc), with the time of each performance and the most in flight at once.
    const performedAt: number[] = [];
    let mostInFlight = 0;
    let watching = true;
    void population.waitForStats((stats) => {
      const processed = stats.operations?.['xacThuc']?.processed;
      if (processed) {
        while (performedAt.length < processed.calls) performedAt.push(Date.now());
        mostInFlight = Math.max(mostInFlight, processed.pending);
      }
      return !watching;
    });
    const performed = () => population.stats().operations?.['xacThuc']?.processed.calls ?? 0;

    population.faults.clear();
    // Mid-drain: kill the leader without a chance to give anything back.
    await eventually(() => performed() >= 60, 20_000, 10);
    const before = await leaseRow();
    const leader = gateways.find((gateway) => holdersOf(gateway).includes(before!.holder))!;
    expect(leader).toBeDefined();
    const killedAt = Date.now();
    leader.child.kill('SIGKILL');
    await leader.exited;
    const after = await eventually(async () => {
      const row = await leaseRow();
      return row && row.live && row.holder !== before!.holder ? row : undefined;
    }, 10_000, 20);
    const movedAfterMs = Date.now() - killedAt;
    // Slower calls for the rest of the drain, so that concurrency, not the rate, bounds it.
    await eventually(() => performed() >= 150, 30_000, 10);
    population.faults.set({ latencyMs: 250 });

    const ids = tickets.map((ticket) => ticket.id);
    await eventually(async () => {
      const { rows } = await db.query("SELECT count(*)::int AS ended FROM tickets WHERE id = ANY($1) AND status <> 'queued' AND status <> 'in-progress'", [ids]);
      return rows[0].ended === VERIFICATIONS || undefined;
    }, 60_000, 200);
    const stats = await population.waitForStats((each) => (each.operations?.['xacThuc']?.processed.pending ?? 0) === 0);
    watching = false;

    // Every ticket completed and ended once: completed in the store, never logged as ended twice, one callback message
    // each. (A ticket the killed instance ended in its last event-loop turn may miss its log line: lines are written
    // once per turn, and kill -9 gives no turn to finish. The store and the callbacks are the proof of exactly once.)
    const { rows } = await db.query('SELECT status, request_id FROM tickets WHERE id = ANY($1)', [ids]);
    expect(rows.map((row) => row.status)).toEqual(Array(VERIFICATIONS).fill('completed'));
    const ended = endedEvents();
    expect(ended.length).toBe(new Set(ended).size);
    await callbacks.waitFor((received) => new Set(received.map((callback) => callback.ticketId)).size >= VERIFICATIONS, 20_000);
    const messagesPerTicket = new Map<string, Set<string>>();
    for (const callback of callbacks.received) messagesPerTicket.set(callback.ticketId, (messagesPerTicket.get(callback.ticketId) ?? new Set()).add(callback.id));
    expect([...messagesPerTicket.values()].filter((messages) => messages.size !== 1)).toEqual([]);

    // Upstream: each ticket performed under its own stored maYeuCau; a second performance only of the same maYeuCau
    // (a call the killed instance had sent), so no more than it could have had in flight.
    const processed = stats.operations!['xacThuc']!.processed;
    const seen = stats.requestIds ?? {};
    expect(rows.filter((row) => !(row.request_id in seen))).toEqual([]);
    // Distinct maYeuCau performed ≤ calls − ids performed more than once; it is at least one per ticket.
    expect(processed.calls - processed.duplicates).toBeLessThanOrEqual(VERIFICATIONS);
    expect(processed.duplicates).toBeLessThanOrEqual(DRAIN.concurrency);

    // The province's drain rate at the simulator. Tokens come from one PostgreSQL bucket (burst 1), and each instance
    // holds at most one taken token (it asks again only when its reserve is empty): within any second, at most
    // rate + 1 + 3 calls can start.
    expect(busiestSecond(performedAt)).toBeLessThanOrEqual(DRAIN.ratePerSecond + 1 + 3);
    // And its concurrency: calls in their latency at the simulator at once.
    expect(mostInFlight).toBeLessThanOrEqual(DRAIN.concurrency);

    // One down and one recovery alert per channel, however the leader role moved meanwhile.
    await Promise.all(channels.map((channel) => channel.received(2, 10_000)));
    await eventually(async () => {
      const { rows: pending } = await db.query("SELECT count(*)::int AS n FROM alert_outbox WHERE status = 'pending'");
      return pending[0].n === 0 || undefined;
    }, 10_000, 100);
    for (const channel of channels) {
      const messages = new Map(channel.requests.map((request) => [request.headers['webhook-id'], JSON.parse(request.body) as { type: string; data: { rule: string } }]));
      expect([...messages.values()].map((message) => `${message.type} ${message.data.rule}`)).toEqual(['alert.firing down', 'alert.resolved down']);
    }

    // The role moved within the lease (plus one renewal period: the lapsed lease is noticed at the next try).
    expect(after.token).toBeGreaterThan(before!.token);
    expect(movedAfterMs).toBeLessThanOrEqual(LEADER_LEASE_MS + LEADER_LEASE_MS / 3 + 250);
  });
});
