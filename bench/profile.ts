// npm run bench:profile: where a lookup's CPU and memory go, measured on the gateway process the benchmark runs.
// BENCH_PROFILE=hits (default: cache hits at 50 connections) or uncached (no-cache lookups at a fixed 500 req/s).
// Prints CPU per request; the time requests spent inside the gateway, the upstream's part of it and the GC
// pauses (bench/inside-timing.ts); bytes allocated per request and bytes that outlive the young generation
// (promoted, the ones that make collections slow), each by allocation site; and writes a CPU profile for DevTools.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataset, startSimulators } from '../mocks/index.ts';
import { connectInspector, type Inspector } from './inspector.ts';
import { reportInsideTiming } from './inside-timing.ts';
import { fixedRate, maxThroughput } from './load.ts';
import { LOOKUP_HEADERS, startLookupGateway } from './lookup-gateway.ts';
import { freePort } from '../tests/support/free-port.ts';

const KIND = process.env['BENCH_PROFILE'] === 'uncached' ? 'uncached' : 'hits';
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const TOP = Number(process.env['BENCH_PROFILE_TOP'] ?? 15);

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

const port = await freePort();
process.env['BENCH_NODE_FLAGS'] = `${process.env['BENCH_NODE_FLAGS'] ?? ''} --inspect=127.0.0.1:${port}`;
const simulators = await startSimulators({});
// BENCH_GATEWAY_BUNDLE profiles another build; BENCH_WITHOUT_RATE_LIMIT=1 for one older than the rate limit.
const gateway = await startLookupGateway(simulators, { withRateLimit: !process.env['BENCH_WITHOUT_RATE_LIMIT'] });
const citizens = getDataset().citizens.map((citizen) => citizen.personalId);
const hitUrl = `${gateway.url}/v1/citizens/051190000123`;
let next = 0;
/** One load phase; resolves with the number of requests answered. */
const load = async (seconds: number): Promise<number> => {
  if (KIND === 'hits') return (await maxThroughput(hitUrl, LOOKUP_HEADERS, 50, seconds)).requestsPerSecond * seconds;
  const spec = () => ({ method: 'GET' as const, path: `/v1/citizens/${citizens[(next += 1) % citizens.length]}`, headers: { ...LOOKUP_HEADERS, 'cache-control': 'no-cache' } });
  return (await fixedRate(gateway.url, spec, 500, seconds)).requests;
};
let inspector: Inspector | undefined;
try {
  await fetch(hitUrl, { headers: LOOKUP_HEADERS });
  await load(3); // warm-up: JIT, pools, token
  const cpuBefore = gateway.cpuSeconds();
  const requests = await load(SECONDS);
  process.stdout.write(`\n${KIND}: ${Math.round(requests / SECONDS)} req/s, gateway CPU ${Math.round((1e6 * (gateway.cpuSeconds() - cpuBefore)) / requests)} µs/request\n`);

  inspector = await connectInspector(port);
  await reportInsideTiming(inspector, () => load(SECONDS), SECONDS);
  await inspector.send('HeapProfiler.enable');
  for (const [title, includeObjectsCollectedByMinorGC] of [['allocated', true], ['promoted (outlived the young generation)', false]] as const) {
    await inspector.send('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC });
    const answered = await load(SECONDS);
    const { profile } = await inspector.send<{ profile: { head: SamplingNode } }>('HeapProfiler.stopSampling');
    report(`Bytes ${title} per request, by allocation site`, bySite(profile.head), answered, (bytes) => `${Math.round(bytes)} B`);
  }

  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.start');
  await load(SECONDS);
  const { profile } = await inspector.send<{ profile: object }>('Profiler.stop');
  const file = join(tmpdir(), `gateway-${KIND}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(`\nCPU profile (open in Chrome DevTools, Performance): ${file}\n`);
} finally {
  inspector?.close();
  await gateway.stop();
  await simulators.close();
}

function bySite(head: SamplingNode): Map<string, number> {
  const sites = new Map<string, number>();
  const visit = (node: SamplingNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const site = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}:${lineNumber + 1}`;
    sites.set(site, (sites.get(site) ?? 0) + node.selfSize);
    node.children.forEach(visit);
  };
  visit(head);
  return sites;
}

function report(title: string, sites: Map<string, number>, requests: number, format: (perRequest: number) => string): void {
  const total = [...sites.values()].reduce((sum, bytes) => sum + bytes, 0);
  process.stdout.write(`\n${title}: ${format(total / requests)} in all\n`);
  for (const [site, bytes] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    process.stdout.write(`  ${format(bytes / requests).padStart(8)}  ${site}\n`);
  }
}
