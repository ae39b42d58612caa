// Queue benchmarks 1 and 2: how fast POST /v1/verifications turns into durable tickets while the population
// system is down (breaker open, every answer a 202 after a SQLite commit with synchronous = FULL), and how fast
// the drainer then completes them against a healthy simulator, within its rate and concurrency caps.
import { Pool } from 'undici';
import { startSimulators } from '../mocks/index.ts';
import { filesystemOf } from './filesystem.ts';
import { startGatewayChild } from './gateway-child.ts';
import { queueGatewayConfig } from './queue-config.ts';
import { listTickets, percentile, postVerification, queueEmpty, verifiableCitizens, waitUntil, type Answer } from './queue-client.ts';

export interface ThroughputSettings {
  tickets: number;
  clients: number;
  drain: { ratePerSecond: number; concurrency: number };
  drainTimeoutSeconds: number;
}

export type Row = [string, string, string, string, string];

export async function measureEnqueueAndDrain(settings: ThroughputSettings): Promise<{ rows: Row[]; notes: string[] }> {
  const simulators = await startSimulators({});
  const population = simulators.population;
  const subjects = verifiableCitizens();
  let pool: Pool | undefined;
  const gateway = await startGatewayChild(queueGatewayConfig({ simulators, populationUrl: population.url, drain: settings.drain })).catch(async (error: unknown) => {
    await simulators.close();
    throw error;
  });
  try {
    pool = new Pool(gateway.url, { connections: settings.clients });
    const client = pool;
    let next = 0;
    const subject = () => subjects[(next += 1) % subjects.length]!;
    population.faults.set({ down: true });
    // Warm-up: the first posts try the upstream and open the breaker; after them every POST is a plain enqueue.
    const warmUp = await closedLoop(50, 5, () => postVerification(client, subject()));
    const cpuBeforeEnqueue = gateway.cpuSeconds();
    const startedAt = performance.now();
    const answers = await closedLoop(settings.tickets, settings.clients, () => postVerification(client, subject()));
    const elapsedS = (performance.now() - startedAt) / 1000;
    const enqueueCpuS = gateway.cpuSeconds() - cpuBeforeEnqueue;
    const ids = new Set([...warmUp, ...answers].flatMap((answer) => (answer.ticketId ? [answer.ticketId] : [])));
    const latencies = answers.map((answer) => answer.latencyMs);
    const not202 = answers.filter((answer) => answer.status !== 202).length;

    // 2. The upstream is back: time every ticket to `completed`.
    population.resetStats();
    const cpuBeforeDrain = gateway.cpuSeconds();
    const clearedAt = Date.now();
    population.faults.clear();
    const drained = await waitUntil(() => queueEmpty(gateway.url), settings.drainTimeoutSeconds * 1000);
    const drainCpuS = gateway.cpuSeconds() - cpuBeforeDrain;
    const completed = (await listTickets(gateway.url, 'completed')).filter((ticket) => ids.has(ticket.id));
    const ended = completed.map((ticket) => ticket.endedAt ?? Number.NaN);
    const firstAt = Math.min(...ended);
    const lastAt = Math.max(...ended);
    const drainS = (lastAt - firstAt) / 1000;
    const stats = population.stats();
    const allDone = drained && completed.length === ids.size;
    const capsHeld = stats.maxInFlight <= settings.drain.concurrency;
    const { ratePerSecond, concurrency } = settings.drain;

    const rows: Row[] = [
      [`Enqueue while down (breaker open), ${settings.clients} clients`, `${Math.round(settings.tickets / elapsedS)} tickets/s`, `p50 ${ms(percentile(latencies, 0.5))}`, `p99 ${ms(percentile(latencies, 0.99))}`, `${settings.tickets} posts, ${not202} not 202`],
      [`Drain, healthy simulator (caps ${ratePerSecond}/s, ${concurrency} in flight)`, `${Math.round((completed.length - 1) / drainS)} tickets/s`, `${completed.length}/${ids.size} completed`, `${stats.maxInFlight} max in flight`,
        verdict(allDone && capsHeld && stats.duplicateRequestIds === 0, `all completed, ≤ ${concurrency} in flight, no maYeuCau sent twice`)],
    ];
    const notes = [
      `Enqueue: tickets committed to SQLite (WAL, synchronous = FULL: an fsync per commit) on ${filesystemOf(gateway.folder)}; 50 warm-up posts opened the breaker first; gateway CPU ${perTicket(enqueueCpuS, settings.tickets)} per ticket, ${Math.round((100 * enqueueCpuS) / elapsedS)} % of core 0.`,
      `Drain: first ticket completed ${((firstAt - clearedAt) / 1000).toFixed(1)} s after the simulator came back (breaker reset wait), all ${completed.length} within ${drainS.toFixed(1)} s after that; ${stats.requests} upstream calls, ${stats.duplicateRequestIds ?? '?'} maYeuCau seen twice; gateway CPU ${perTicket(drainCpuS, completed.length)} per ticket (${drainCpuS.toFixed(1)} CPU-s over ${drainS.toFixed(1)} s of draining).`,
    ];
    return { rows, notes };
  } finally {
    await pool?.close();
    await gateway.stop();
    await simulators.close();
  }
}

/** `total` calls of `task`, `concurrency` at a time, each started when another ends. */
async function closedLoop(total: number, concurrency: number, task: () => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started += 1;
      answers.push(await task());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}

function perTicket(cpuSeconds: number, tickets: number): string {
  return `${((1000 * cpuSeconds) / Math.max(1, tickets)).toFixed(2)} ms`;
}

export function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

export function verdict(met: boolean, target: string): string {
  return `${met ? 'MET' : 'NOT MET'} (${target})`;
}
