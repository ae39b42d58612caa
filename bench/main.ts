// npm run bench: gateway overhead over a direct upstream call at a fixed 500 req/s (beside a bare pass-through proxy),
// and cache-hit throughput at 50 connections (beside bare Hono, in interleaved rounds), on loopback; then the
// verification queue (bench/queue.ts). The gateway runs as its own process
// pinned to core 0 (taskset); the simulators and the load generator share this process, pinned to core 1 by the
// npm script.
import { DEMO_CREDENTIALS, getDataset, startSimulators } from '../mocks/index.ts';
import { LOOKUP_HEADERS, startLookupGateway } from './lookup-gateway.ts';
import { fixedRate, type RequestSpec } from './load.ts';
import { describeMachine } from './machine.ts';
import { measureCacheHits } from './cache-hits.ts';
import { measureUncachedThroughput } from './uncached-throughput.ts';
import { measureBareProxy, REFERENCE_BARE_HONO_RPS } from './yardstick.ts';
import { runQueueBenchmarks } from './queue.ts';
import { ABUSE_PARTS, runAbuseScenario, type AbusePart } from './abuse.ts';
import { runHangScenario } from './hang.ts';
import { describeCommuneScope, measureCommuneScope } from './commune-scope.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
// BENCH_ONLY=lookups, hang, queue, scope or abuse runs one part (profiling sessions); all of them by default.
const ONLY = process.env['BENCH_ONLY'];
const RATE = 500;
/** Cache hits and bare Hono alternate in rounds (bench/cache-hits.ts says why). */
const HIT_ROUNDS = 3;
const HIT_SECONDS = Math.max(3, Math.round(SECONDS / 2));

if (ONLY === undefined || ONLY === 'lookups') await runLookupBenchmarks();
// An upstream that hangs: answers within the deadline, then at once behind the open breaker (bench/hang.ts).
if (ONLY === undefined || ONLY === 'hang') await runHangScenario();
// The durable verification queue: its own simulators and gateway processes, once the one above is gone.
if (ONLY === undefined || ONLY === 'queue') await runQueueBenchmarks();
// What the commune-scoped cache costs in hit rate: bench/commune-scope.ts.
if (ONLY === undefined || ONLY === 'scope') process.stdout.write(describeCommuneScope(await measureCommuneScope()));
// One abusive key next to well-behaved ones: bench/abuse.ts.
if (ONLY === undefined || ONLY === 'abuse') {
  // BENCH_ABUSE_PARTS=bursts,slow-connections runs some of the abuser's behaviours (all by default).
  const parts = process.env['BENCH_ABUSE_PARTS']?.split(',').filter((part): part is AbusePart => ABUSE_PARTS.includes(part as AbusePart));
  const settings = {
    seconds: Number(process.env['BENCH_ABUSE_SECONDS'] ?? 20), wellBehavedKeys: 5, perKeyRate: 10, upstreamLatencyMs: 20,
    ...(parts ? { parts: new Set(parts) } : {}),
  };
  // The gateway on its own, then as deployed behind the nginx site with its per-address limits.
  await runAbuseScenario(settings);
  await runAbuseScenario({ ...settings, front: 'nginx' });
}

async function runLookupBenchmarks(): Promise<void> {
  const simulators = await startSimulators({});
  const citizens = getDataset().citizens.map((citizen) => citizen.personalId);
  const gateway = await startLookupGateway(simulators);
  const gatewayOrigin = gateway.url;
  const auth = LOOKUP_HEADERS;

  try {
    const token = await populationToken(simulators.population.url);
    let next = 0;
    const nextId = () => citizens[(next += 1) % citizens.length]!;
    const direct = (): RequestSpec => ({
      method: 'POST',
      path: '/api/dan-cu/v1/cong-dan/tra-cuu',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ soDinhDanh: nextId(), maDonVi: '21085', maCanBo: '051090001234', mucDich: 'benchmark', maYeuCau: crypto.randomUUID() }),
    });
    const throughGateway = (): RequestSpec => ({ method: 'GET', path: `/v1/citizens/${nextId()}`, headers: { ...auth, 'cache-control': 'no-cache' } });

    await fixedRate(simulators.population.url, direct, RATE, 2); // warm-up: JIT, pools, token
    await fixedRate(gatewayOrigin, throughGateway, RATE, 2);
    const directRun = await fixedRate(simulators.population.url, direct, RATE, SECONDS);
    const gatewayRun = await fixedRate(gatewayOrigin, throughGateway, RATE, SECONDS);
    const proxyRun = await measureBareProxy(simulators.population.url, token, throughGateway, RATE, SECONDS);

    const cachedUrl = `${gatewayOrigin}/v1/citizens/051190000123`;
    const cache = await measureCacheHits(gateway, cachedUrl, auth, HIT_SECONDS, HIT_ROUNDS);
    const { gateway: hits, bare } = cache;
    const uncached = await measureUncachedThroughput(gatewayOrigin, simulators.population.url, throughGateway, direct, HIT_SECONDS, HIT_ROUNDS);

    const overheadP50 = gatewayRun.p50Ms - directRun.p50Ms;
    const overheadP99 = gatewayRun.p99Ms - directRun.p99Ms;
    const rows = [
      ['Direct call to the simulator, 500 req/s', `p50 ${ms(directRun.p50Ms)}`, `p99 ${ms(directRun.p99Ms)}`, `${directRun.errors} errors`, ''],
      ['Through the gateway (no-cache), 500 req/s', `p50 ${ms(gatewayRun.p50Ms)}`, `p99 ${ms(gatewayRun.p99Ms)}`, `${gatewayRun.errors} errors`, ''],
      ['Gateway overhead', `p50 ${ms(overheadP50)}`, `p99 ${ms(overheadP99)}`, '', verdict(overheadP50 <= 0.5 && overheadP99 <= 2, 'target p50 ≤ 0.5 ms, p99 ≤ 2 ms')],
      ['Bare Hono + undici proxy, 500 req/s', `p50 ${ms(proxyRun.p50Ms)}`, `p99 ${ms(proxyRun.p99Ms)}`, `${proxyRun.errors} errors`, 'yardstick: the same hop with no gateway work'],
      ['  its overhead over the direct call', `p50 ${ms(proxyRun.p50Ms - directRun.p50Ms)}`, `p99 ${ms(proxyRun.p99Ms - directRun.p99Ms)}`, '', ''],
      ['Cache hits, 50 connections', `${Math.round(hits.requestsPerSecond)} req/s`, `p99 ${ms(hits.p99Ms)}`, `${hits.non2xx + hits.errors} non-2xx/errors`, verdict(hits.requestsPerSecond >= 25_000 && hits.p99Ms <= 3, 'target ≥ 25,000 req/s, p99 ≤ 3 ms')],
      ['  gateway CPU', `${Math.round(100 * cache.busy)} % busy`, `${cache.cpuMicrosPerHit.toFixed(0)} µs/req`, '', ''],
      ['Bare Hono, cached buffer (yardstick)', `${Math.round(bare.requestsPerSecond)} req/s`, `p99 ${ms(bare.p99Ms)}`, '', `the targets' reference machine: ${REFERENCE_BARE_HONO_RPS.toLocaleString('en')}`],
      ['Cache hits against bare Hono, same core', `${Math.round(100 * cache.ratio)} % of bare`, '', '', verdict(cache.ratio >= 0.6, 'target ≥ 60 % of bare Hono')],
      ...(uncached
        ? [
          ['Uncached lookups, 50 connections', `${Math.round(uncached.gateway.requestsPerSecond)} req/s`, `p99 ${ms(uncached.gateway.p99Ms)}`, `${uncached.gateway.non2xx + uncached.gateway.errors} non-2xx/errors`, ''],
          ['nginx proxying the simulator (yardstick)', `${Math.round(uncached.nginx.requestsPerSecond)} req/s`, `p99 ${ms(uncached.nginx.p99Ms)}`, `${uncached.nginx.non2xx + uncached.nginx.errors} non-2xx/errors`, ''],
          ['Uncached lookups against nginx', `${Math.round(100 * uncached.ratio)} % of nginx`, '', '', verdict(uncached.ratio >= 0.5, 'target ≥ 50 % of nginx proxying the same upstream')],
        ]
        : [['Uncached lookups against nginx', 'skipped', '', '', 'no nginx on this machine (apt-get install nginx-light)']]),
    ];
    process.stdout.write(`\nMachine: ${describeMachine()}\nGateway on core 0, simulators and load generator on core 1, ${SECONDS} s per run; cache hits and bare Hono: medians of ${HIT_ROUNDS} interleaved rounds of ${HIT_SECONDS} s.\n\n`);
    for (const row of rows) process.stdout.write(`${row[0]!.padEnd(44)} ${row[1]!.padEnd(16)} ${row[2]!.padEnd(14)} ${row[3]!.padEnd(20)} ${row[4]}\n`);
    process.stdout.write('\n');
  } finally {
    await gateway.stop();
    await simulators.close();
  }
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

function verdict(met: boolean, target: string): string {
  return `${met ? 'MET' : 'NOT MET'} (${target})`;
}

async function populationToken(baseUrl: string): Promise<string> {
  const { clientId, clientSecret } = DEMO_CREDENTIALS.population;
  const response = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
