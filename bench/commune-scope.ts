// What the commune-scoped cache costs in hit rate: the same sequence of citizen lookups asked (A) by 100 communes of
// one province and (B) by one commune, which is how the first round's cache shared answers (by operation and
// subject, whoever asked). A commune gets cached answers only once the population system has answered it itself,
// so (A) pays about one extra upstream call per commune and lookup kind per confirmation window. Counted in process:
// this is about hit rates, not time.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataset, startSimulators } from '../mocks/index.ts';
import { parseConfig } from '../src/config/load.ts';
import { sha256Hex } from '../src/keys/sha256.ts';
import { startGateway } from '../src/runtime/start.ts';

const COMMUNES = Array.from({ length: 100 }, (_, i) => String(30_001 + i * 3).padStart(5, '0'));
const SUBJECTS = 300;
const LOOKUPS = 4_000;
const KEY = 'bench-province-software-key-0001';

export interface ScopeRun {
  communes: number;
  lookups: number;
  hits: number;
  upstreamCalls: number;
}

export async function measureCommuneScope(): Promise<{ scoped: ScopeRun; shared: ScopeRun }> {
  const citizens = getDataset().citizens.filter((c) => c.status === 'alive').slice(0, SUBJECTS).map((c) => c.personalId);
  // One fixed sequence of (commune, subject) pairs for both runs, from a seeded generator (mulberry32).
  let seed = 12_345;
  const random = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
  const sequence = Array.from({ length: LOOKUPS }, () => ({ commune: COMMUNES[random(COMMUNES.length)]!, subject: citizens[random(citizens.length)]! }));
  const scoped = await run(sequence, COMMUNES.length);
  const shared = await run(sequence.map((step) => ({ ...step, commune: COMMUNES[0]! })), 1);
  return { scoped, shared };
}

async function run(sequence: readonly { commune: string; subject: string }[], communes: number): Promise<ScopeRun> {
  const config = parseConfig(readFileSync('config/demo.yaml', 'utf8'), 'config/demo.yaml');
  config.server.port = 0;
  config.log.level = 'silent';
  config.queue.databasePath = join(mkdtempSync(join(tmpdir(), 'bench-scope-')), 'gateway.sqlite');
  for (const probe of Object.values(config.health.probes)) probe.enabled = false;
  config.clients.push({
    name: 'Phần mềm một cửa tỉnh', keySha256: await sha256Hex(KEY), communes: COMMUNES, landCommunes: 'own', scopes: [],
    callbackUrlPrefixes: [], rateLimit: { requestsPerSecond: 100_000, burst: 1_000_000 },
  });
  const gateway = await startGateway({
    config, configFile: 'config/demo.yaml', env: {},
    startSimulators: (options) => startSimulators({ ...options, population: { ...options?.population, permittedUnits: COMMUNES } as never }),
  });
  try {
    const headers = { Authorization: `Bearer ${KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'benchmark' };
    for (const step of sequence) {
      const answer = await fetch(`${gateway.url}/v1/citizens/${step.subject}`, { headers: { ...headers, 'X-Commune-Code': step.commune } });
      if (answer.status !== 200) throw new Error(`lookup answered ${answer.status}`);
      await answer.arrayBuffer();
    }
    const cache = gateway.pipelines.population.snapshot().cache['lookupCitizen']!;
    const lookupsPerformed = gateway.simulators!.population.stats().operations?.['traCuu']?.processed.calls;
    return { communes, lookups: sequence.length, hits: cache.hits, upstreamCalls: lookupsPerformed ?? cache.misses };
  } finally {
    await gateway.close();
  }
}

export function describeCommuneScope({ scoped, shared }: { scoped: ScopeRun; shared: ScopeRun }): string {
  const line = (label: string, r: ScopeRun) =>
    `${label.padEnd(44)} ${`${(100 * r.hits / r.lookups).toFixed(1)} % hits`.padEnd(16)} ${`${r.upstreamCalls} upstream calls`}\n`;
  return `\nCommune-scoped cache: ${LOOKUPS} citizen lookups of ${SUBJECTS} citizens, one sequence\n` +
    line(`asked by ${scoped.communes} communes (confirmation rule)`, scoped) +
    line('asked by one commune (the shared cache of round one)', shared) +
    `${'cost'.padEnd(44)} ${`${(100 * (shared.hits - scoped.hits) / scoped.lookups).toFixed(1)} points`.padEnd(16)} ${scoped.upstreamCalls - shared.upstreamCalls} more upstream calls (at most one per commune and lookup kind per confirmation window)\n`;
}
