// Cache-hit throughput and gateway CPU per hit of several builds, in alternating rounds (a VM's speed drifts too much
// for two runs made minutes apart to compare):
//   BENCH_AB='../old/dist/gateway.mjs?withoutRateLimit,dist/gateway.mjs' taskset -c 1 npx tsx bench/ab.ts
// `?NAME=value&…` starts that build with these environment variables; `withoutRateLimit` leaves the client's
// rateLimit out of the configuration, for builds older than it.
import { startSimulators } from '../mocks/index.ts';
import { maxThroughput } from './load.ts';
import { LOOKUP_HEADERS, startLookupGateway } from './lookup-gateway.ts';
import type { GatewayChild } from './gateway-child.ts';

const bundles = (process.env['BENCH_AB'] ?? '').split(',').filter(Boolean);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 5);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 3);
const simulators = await startSimulators({});
const gateways: GatewayChild[] = [];
for (const bundle of bundles) {
  const [file, query] = bundle.split('?');
  const parameters = new URLSearchParams(query ?? '');
  const withRateLimit = !parameters.has('withoutRateLimit');
  parameters.delete('withoutRateLimit');
  const variables = [...parameters];
  for (const [name, value] of variables) process.env[name] = value;
  process.env['BENCH_GATEWAY_BUNDLE'] = file;
  gateways.push(await startLookupGateway(simulators, { withRateLimit }));
  for (const [name] of variables) delete process.env[name];
}
const results = bundles.map(() => [] as Array<{ rps: number; micros: number }>);
try {
  for (const gateway of gateways) await maxThroughput(`${gateway.url}/v1/citizens/051190000123`, LOOKUP_HEADERS, 50, 3);
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, gateway] of gateways.entries()) {
      const before = gateway.cpuSeconds();
      const { requestsPerSecond } = await maxThroughput(`${gateway.url}/v1/citizens/051190000123`, LOOKUP_HEADERS, 50, seconds);
      results[index]!.push({ rps: requestsPerSecond, micros: (1e6 * (gateway.cpuSeconds() - before)) / (requestsPerSecond * seconds) });
    }
  }
} finally {
  for (const gateway of gateways) await gateway.stop();
  await simulators.close();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const [index, bundle] of bundles.entries()) {
  const runs = results[index]!;
  // The least disturbed round says most on a noisy VM; the median is printed beside it.
  const micros = runs.map((r) => r.micros);
  // Rounds are paired: each build's round n ran right after the first build's, so the median of the per-round
  // ratios is the figure that drift between rounds disturbs least.
  const paired = index === 0 ? '' : `; speed paired with the first build, round by round: ${(100 * median(runs.map((r, round) => results[0]![round]!.micros / r.micros))).toFixed(1)} % (its CPU per hit over this one's)`;
  process.stdout.write(`${bundle}\n  median ${Math.round(median(runs.map((r) => r.rps)))} req/s, ${median(micros).toFixed(1)} µs/hit; best ${Math.round(Math.max(...runs.map((r) => r.rps)))} req/s, ${Math.min(...micros).toFixed(1)} µs/hit${paired}   [${micros.map((m) => m.toFixed(0)).join(' ')}]\n`);
}
