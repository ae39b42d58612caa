// npm run bench:soak: does memory stay bounded under a long mixed load? The project holds the gateway to bounded
// memory over a 1-hour soak: the cache has a size, the queue lives in the store, not in RAM.
// The gateway (core 0) takes lookups of 2,272 citizens, more than its population cache may hold (500), a tenth of
// them asking past the cache; 2 identity verifications a second; and the population simulator goes down for one
// minute in every ten, so stale answers, the breaker and the queue all take their turn. Its resident memory and
// heap are read from /metrics every 10 s. BENCH_SOAK_MINUTES (default 60) sets the length.
import { createHash } from 'node:crypto';
import { DEMO_CREDENTIALS, getDataset, startSimulators } from '../mocks/index.ts';
import { startGatewayChild } from './gateway-child.ts';
import { fixedRate, type RequestSpec } from './load.ts';
import { describeMachine } from './machine.ts';

const MINUTES = Number(process.env['BENCH_SOAK_MINUTES'] ?? 60);
const LOOKUPS_PER_SECOND = 200;
const SLICE_SECONDS = 10;
const API_KEY = 'bench-soak-key-0123456789';
const HEADERS = { authorization: `Bearer ${API_KEY}`, 'x-officer-id': '051090001234', 'x-purpose': 'benchmark' };

const simulators = await startSimulators({});
const gateway = await startGatewayChild((folder) => ({
  server: { host: '127.0.0.1', port: 0 },
  log: { level: 'warn' },
  queue: { databasePath: `${folder}/gateway.sqlite` },
  upstreams: {
    population: { baseUrl: simulators.population.url, ...DEMO_CREDENTIALS.population, resilience: { cache: { maxEntries: 500 } } },
    civilStatus: { baseUrl: simulators.civilStatus.url, ...DEMO_CREDENTIALS.civilStatus },
    land: { baseUrl: simulators.land.url, ...DEMO_CREDENTIALS.land },
  },
  clients: [{ name: 'Soak', keySha256: createHash('sha256').update(API_KEY).digest('hex'), communes: ['21085'], rateLimit: { requestsPerSecond: 100_000, burst: 100_000 } }],
}));

const citizens = getDataset().citizens;
let sent = 0;
const pad = (value: number) => String(value).padStart(2, '0');
/** One request of the mix: mostly lookups, a tenth past the cache, one in a hundred a verification. */
const nextRequest = (): RequestSpec => {
  sent += 1;
  const citizen = citizens[Math.floor(Math.random() * citizens.length)]!;
  if (sent % 100 === 0) {
    // A partial birth date (year, or year and month) is sent as partial as the record has it.
    const { year, month, day } = citizen.birthDate as { year: number; month?: number; day?: number };
    const dateOfBirth = [String(year), ...[month, day].filter((part) => part !== undefined).map(pad)].join('-');
    return {
      method: 'POST', path: '/v1/verifications',
      headers: { ...HEADERS, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ type: 'citizen-identity', subject: { personalId: citizen.personalId, fullName: citizen.fullName, dateOfBirth } }),
    };
  }
  return { method: 'GET', path: `/v1/citizens/${citizen.personalId}`, headers: sent % 10 === 0 ? { ...HEADERS, 'cache-control': 'no-cache' } : HEADERS };
};

/** Resident memory and heap in use, MB, as the gateway's /metrics says. */
async function memory(): Promise<{ rss: number; heap: number }> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN) / 2 ** 20;
  return { rss: read('process_resident_memory_bytes'), heap: read('nodejs_heap_size_used_bytes') };
}

const samples: { minute: number; rss: number; heap: number }[] = [];
const statuses = new Map<number, number>();
process.stdout.write(`\nSoak: ${MINUTES} min, ${LOOKUPS_PER_SECOND} requests/s (lookups of ${citizens.length} citizens against a cache of 500, a tenth no-cache, 1 % verifications), the population simulator down one minute in ten\nMachine: ${describeMachine()}\n\n`);
try {
  const startedAt = performance.now();
  for (let slice = 0; (performance.now() - startedAt) / 60_000 < MINUTES; slice += 1) {
    const minute = (performance.now() - startedAt) / 60_000;
    simulators.population.faults.set({ down: Math.floor(minute) % 10 === 5 });
    await fixedRate(gateway.url, nextRequest, LOOKUPS_PER_SECOND, SLICE_SECONDS, (status) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
    const { rss, heap } = await memory();
    samples.push({ minute, rss, heap });
    if (slice % 6 === 5) process.stdout.write(`minute ${minute.toFixed(0).padStart(3)}  resident ${rss.toFixed(0)} MB  heap used ${heap.toFixed(0)} MB\n`);
  }
} finally {
  simulators.population.faults.set({});
  await gateway.stop();
  await simulators.close();
}

// Bounded: the last third of the run holds no more than the middle third did, give or take 10 % (the first third
// is the warm-up: the cache filling, the JIT, the store's pages).
const third = (index: 0 | 1 | 2) => samples.filter((sample) => Math.floor((3 * sample.minute) / MINUTES) === index);
const peak = (part: typeof samples, key: 'rss' | 'heap') => Math.max(...part.map((sample) => sample[key]));
const [middle, last] = [third(1), third(2)];
const bounded = (key: 'rss' | 'heap') => middle.length > 0 && last.length > 0 && peak(last, key) <= 1.1 * peak(middle, key);
process.stdout.write(`\nAnswers: ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status} × ${count}`).join(', ')}\n`);
process.stdout.write(`Resident memory, peak: middle third ${peak(middle, 'rss').toFixed(0)} MB, last third ${peak(last, 'rss').toFixed(0)} MB; heap used, peak: ${peak(middle, 'heap').toFixed(0)} MB, then ${peak(last, 'heap').toFixed(0)} MB\n`);
process.stdout.write(`Verdict: ${bounded('rss') && bounded('heap') ? 'MET' : 'NOT MET'} (memory bounded: the last third's peak within 10 % of the middle third's)${MINUTES < 60 ? `, over ${MINUTES} min, not the 60 of the target` : ''}\n`);
