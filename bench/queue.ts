// The durable verification queue's part of `npm run bench`: enqueue throughput with durable commits, drain
// throughput against a healthy simulator, and the peak-hour outage scenario. Each run starts its own simulators
// and its own gateway process (core 0) on a temp SQLite file. About 4 minutes with the defaults; the env
// variables below lengthen or shorten it.
import { runOutageScenario } from './outage-scenario.ts';
import { measureEnqueueAndDrain, type Row } from './queue-throughput.ts';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: expected a positive number, got "${raw}"`);
  return value;
}

export async function runQueueBenchmarks(write: (text: string) => void = (text) => process.stdout.write(text)): Promise<void> {
  const throughput = await measureEnqueueAndDrain({
    tickets: numberFromEnv('BENCH_QUEUE_TICKETS', 2_000),
    clients: numberFromEnv('BENCH_QUEUE_CLIENTS', 8),
    drain: { ratePerSecond: numberFromEnv('BENCH_QUEUE_DRAIN_RATE', 1_000), concurrency: numberFromEnv('BENCH_QUEUE_DRAIN_CONCURRENCY', 16) },
    drainTimeoutSeconds: 120,
  });
  const outage = await runOutageScenario({
    degradedSeconds: numberFromEnv('BENCH_DEGRADED_SECONDS', 30),
    outageSeconds: numberFromEnv('BENCH_OUTAGE_SECONDS', 60),
    specOutageSeconds: 600,
    lookupsPerSecond: numberFromEnv('BENCH_LOOKUP_RATE', 50),
    verificationsPerSecond: numberFromEnv('BENCH_VERIFY_RATE', 2),
    recentSubjects: 300,
    lookupFreshTtlSeconds: numberFromEnv('BENCH_FRESH_TTL_SECONDS', 10),
    drain: { ratePerSecond: numberFromEnv('BENCH_OUTAGE_DRAIN_RATE', 25), concurrency: numberFromEnv('BENCH_OUTAGE_DRAIN_CONCURRENCY', 8) },
    drainLimitSeconds: numberFromEnv('BENCH_DRAIN_LIMIT_SECONDS', 180),
  });
  write('\nDurable verification queue (gateway on core 0; simulators, recorder and clients on core 1)\n\n');
  for (const row of [...throughput.rows, ...outage.rows]) write(formatRow(row));
  write('\n');
  for (const note of [...throughput.notes, ...outage.notes]) write(`- ${note}\n`);
  write('\n');
}

function formatRow(row: Row): string {
  return `${row[0].padEnd(52)} ${row[1].padEnd(18)} ${row[2].padEnd(24)} ${row[3].padEnd(22)} ${row[4]}\n`;
}
