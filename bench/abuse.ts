// The abuse scenario of `npm run bench` (alone: BENCH_ONLY=abuse): well-behaved commune keys making uncached lookups
// at a steady rate, first alone (the quiet run), then next to one abusive key (bench/abuser.ts). The project's
// target: the well-behaved keep ≥ 99.9 % success and a p99 within 2× of the quiet run, and no breaker opens.
// Every key has the default rate limit, as a province would configure it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { DEMO_CREDENTIALS, getDataset, startSimulators, type RunningSimulators } from '../mocks/index.ts';
import type { AbuserOptions, AbuserReport } from './abuser.ts';
import { startGatewayChild, type GatewayChild } from './gateway-child.ts';
import { fixedRate, type LatencySummary, type RequestSpec } from './load.ts';
import { startNginxFront } from './nginx-front.ts';

export interface AbuseSettings {
  seconds: number;
  /** Well-behaved keys, each making `perKeyRate` lookups a second. */
  wellBehavedKeys: number;
  perKeyRate: number;
  /** The population simulator's answer time: an upstream that answers at once has no bulkhead to fill. */
  upstreamLatencyMs: number;
  /** Which of the abuser's behaviours run (all by default; fewer to see which one hurts). */
  parts?: ReadonlySet<AbusePart>;
  /**
   * 'nginx': every client goes through the shipped nginx site (bench/nginx-front.ts), the abuser from its own
   * address (127.0.0.2), as a commune's application would from its own machine. Default: straight to the gateway.
   */
  front?: 'nginx';
}

export type AbusePart = 'bursts' | 'tiny-deadlines' | 'big-bodies' | 'slow-connections';
export const ABUSE_PARTS: readonly AbusePart[] = ['bursts', 'tiny-deadlines', 'big-bodies', 'slow-connections'];

const OFFICER = { 'x-officer-id': '051090001234', 'x-purpose': 'benchmark' };
const keyOf = (name: string) => `bench-abuse-${name}-0123456789`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function runAbuseScenario(settings: AbuseSettings, write: (text: string) => void = (text) => process.stdout.write(text)): Promise<void> {
  const simulators = await startSimulators({});
  const names = Array.from({ length: settings.wellBehavedKeys }, (_, index) => `commune-${index + 1}`);
  const gateway = await startGatewayChild((folder) => abuseGatewayConfig(simulators, folder, [...names, 'abuser']));
  const front = settings.front === 'nginx' ? await startNginxFront(gateway.url) : undefined;
  const citizens = getDataset().citizens.map((citizen) => citizen.personalId);
  simulators.population.faults.set({ latencyMs: settings.upstreamLatencyMs });
  try {
    if (settings.front && !front) {
      write(`\nAbusive client behind ${settings.front}: skipped, no ${settings.front} on this machine (apt-get install nginx-light)\n`);
      return;
    }
    const origin = front?.url ?? gateway.url;
    let next = 0;
    const wellBehaved = (): RequestSpec => {
      next += 1;
      const key = keyOf(names[next % names.length]!);
      return { method: 'GET', path: `/v1/citizens/${citizens[next % citizens.length]}`, headers: { authorization: `Bearer ${key}`, ...OFFICER, 'cache-control': 'no-cache' } };
    };
    const rate = settings.wellBehavedKeys * settings.perKeyRate;
    const on = (part: AbusePart) => settings.parts?.has(part) ?? true;
    await fixedRate(origin, wellBehaved, rate, 2); // warm-up: JIT, pools, token
    const quiet = await measured(gateway, (onStatus) => fixedRate(origin, wellBehaved, rate, settings.seconds, onStatus));
    const abuser = await startAbuserProcess({
      origin,
      headers: { authorization: `Bearer ${keyOf('abuser')}`, ...OFFICER },
      ...(front ? { localAddress: ABUSER_ADDRESS } : {}),
      citizens,
      burstSize: on('bursts') ? 300 : 0,
      tinyDeadlinesPerSecond: on('tiny-deadlines') ? 50 : 0,
      bigBodyBytes: 20_000_000,
      bigBodiesInFlight: on('big-bodies') ? 2 : 0,
      slowConnections: on('slow-connections') ? 200 : 0,
    });
    const noisy = await measured(gateway, (onStatus) => fixedRate(origin, wellBehaved, rate, settings.seconds, onStatus));
    const abuse = await abuser.stop();
    report(write, settings, rate, quiet, noisy, abuse);
  } finally {
    await front?.stop();
    await gateway.stop();
    await simulators.close();
  }
}

/** Another loopback address: to nginx's per-address limits, another machine. */
const ABUSER_ADDRESS = '127.0.0.2';

interface Measured {
  run: LatencySummary;
  /** Breaker groups seen half-open or open during the run, as `upstream/group`. */
  breakersOpened: Set<string>;
  /** Breaker groups /metrics showed at all: none means the watch saw nothing and proves nothing. */
  breakersWatched: Set<string>;
  /** Share of one core the gateway (core 0) and this process, the load generators' (core 1), kept busy. */
  gatewayBusy: number;
  /** The gateway's kernel part of it (system time): accepting, reading and closing sockets. */
  gatewayKernelBusy: number;
  generatorBusy: number;
  /** Answers by status (0: no answer). */
  statuses: Map<number, number>;
}

/** Runs the load while watching /metrics for any breaker that leaves the closed state. */
async function measured(gateway: GatewayChild, load: (onStatus: (status: number) => void) => Promise<LatencySummary>): Promise<Measured> {
  const statuses = new Map<number, number>();
  const breakersOpened = new Set<string>();
  const breakersWatched = new Set<string>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const text = await (await fetch(`${gateway.url}/metrics`)).text().catch(() => '');
      for (const match of text.matchAll(/^gateway_breaker_state\{upstream="([^"]+)",group="([^"]+)"\} (\d)$/gm)) {
        breakersWatched.add(`${match[1]}/${match[2]}`);
        if (match[3] !== '0') breakersOpened.add(`${match[1]}/${match[2]}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const startedAt = performance.now();
  const gatewayCpuAtStart = gateway.cpuSeconds();
  const gatewayKernelCpuAtStart = gateway.kernelCpuSeconds();
  const generatorCpuAtStart = process.cpuUsage();
  const run = await load((status) => void statuses.set(status, (statuses.get(status) ?? 0) + 1));
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const generatorCpu = process.cpuUsage(generatorCpuAtStart);
  const gatewayBusy = (gateway.cpuSeconds() - gatewayCpuAtStart) / elapsedSeconds;
  const gatewayKernelBusy = (gateway.kernelCpuSeconds() - gatewayKernelCpuAtStart) / elapsedSeconds;
  const generatorBusy = (generatorCpu.user + generatorCpu.system) / 1e6 / elapsedSeconds;
  watching = false;
  await watcher;
  return { run, breakersOpened, breakersWatched, gatewayBusy, gatewayKernelBusy, generatorBusy, statuses };
}

function report(write: (text: string) => void, settings: AbuseSettings, rate: number, quiet: Measured, noisy: Measured, abuse: AbuserReport): void {
  const sent = rate * settings.seconds;
  const success = (run: LatencySummary) => (sent - run.errors) / sent;
  const noisySuccess = success(noisy.run);
  const ratio = noisy.run.p99Ms / quiet.run.p99Ms;
  const opened = [...quiet.breakersOpened, ...noisy.breakersOpened];
  const rows: Array<[string, string, string, string]> = [
    [`Well-behaved alone (${settings.wellBehavedKeys} keys × ${settings.perKeyRate}/s)`, `${pct(success(quiet.run))} ok`, `p50 ${ms(quiet.run.p50Ms)}`, `p99 ${ms(quiet.run.p99Ms)}`],
    ['Well-behaved next to the abuser', `${pct(noisySuccess)} ok`, `p50 ${ms(noisy.run.p50Ms)}`, `p99 ${ms(noisy.run.p99Ms)}`],
  ];
  const parts = settings.parts ? [...settings.parts].join(', ') : ABUSE_PARTS.join(', ');
  const where = settings.front
    ? `behind the nginx site of deploy/nginx/ (plain HTTP; nginx and the gateway on core 0; the abuser from its own address, the well-behaved ones sharing another)`
    : 'straight to the gateway (gateway on core 0)';
  write(`\nAbusive client (${parts}) next to well-behaved ones, ${where}; simulators and all clients on core 1, the abuser at the lowest priority; uncached lookups, upstream answering in ${settings.upstreamLatencyMs} ms; ${settings.seconds} s per run\n\n`);
  for (const row of rows) write(`${row[0].padEnd(52)} ${row[1].padEnd(12)} ${row[2].padEnd(14)} ${row[3]}\n`);
  write(`${'CPU busy, quiet → next to the abuser'.padEnd(52)} gateway ${pct(quiet.gatewayBusy)} → ${pct(noisy.gatewayBusy)} (in the kernel ${pct(quiet.gatewayKernelBusy)} → ${pct(noisy.gatewayKernelBusy)}), load generators ${pct(quiet.generatorBusy)} → ${pct(noisy.generatorBusy)}\n`);
  write(`${'Well-behaved answers that were not 2xx'.padEnd(52)} quiet ${statusText(quiet.statuses)}; next to the abuser ${statusText(noisy.statuses)}\n`);
  write(`${'Verdict'.padEnd(52)} ${verdict(noisySuccess >= 0.999, '≥ 99.9 % success')}, ${verdict(ratio <= 2, `p99 ${ratio.toFixed(2)}× the quiet run, ≤ 2×`)}, ${breakerVerdict(opened, noisy.breakersWatched)}\n`);
  write(`\nWhat the abuser got (${[...abuse.answers.values()].reduce((sum, value) => sum + value, 0)} answers): ${[...abuse.answers].sort().map(([label, count]) => `${label} × ${count}`).join(', ')}\n`);
  write(`Slow connections closed on the abuser: ${abuse.slowClosed}, the longest-lived after ${(abuse.slowLongestMs / 1000).toFixed(1)} s\n\n`);
}

/** bench/abuser-process.ts under `nice -n 19`, on this process's core (the affinity is inherited). */
async function startAbuserProcess(options: AbuserOptions): Promise<{ stop(): Promise<AbuserReport> }> {
  const child = spawn('nice', ['-n', '19', process.execPath, '--import', 'tsx', 'bench/abuser-process.ts', JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  // Should the scenario fail before stopping it, the abuser goes with this process.
  const kill = () => child.kill();
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the abuser exited with ${code}`))));
  await Promise.race([new Promise((resolve) => child.once('message', resolve)), exited]);
  return {
    stop: async () => {
      const report = new Promise<AbuserReport>((resolve) => child.once('message', (message) => resolve(message as AbuserReport)));
      child.send('stop');
      return Promise.race([report, exited]);
    },
  };
}

function breakerVerdict(opened: string[], watched: Set<string>): string {
  if (watched.size === 0) return 'NOT MET (no breaker state found in /metrics: nothing watched)';
  return verdict(opened.length === 0, opened.length === 0 ? `no breaker opened of ${watched.size} watched` : `breakers opened: ${[...new Set(opened)].join(', ')}`);
}

function statusText(counts: Map<number, number>): string {
  const failures = [...counts].filter(([status]) => status === 0 || status >= 300).sort(([a], [b]) => a - b);
  return failures.length === 0 ? 'none' : failures.map(([status, count]) => `${status === 0 ? 'no answer' : status} × ${count}`).join(', ');
}

function abuseGatewayConfig(simulators: RunningSimulators, folder: string, names: string[]): unknown {
  return {
    server: { host: '127.0.0.1', port: 0 },
    log: { level: 'info' },
    queue: { databasePath: `${folder}/gateway.sqlite` },
    health: { probes: { population: { enabled: false }, civilStatus: { enabled: false }, land: { enabled: false } } },
    upstreams: {
      population: { baseUrl: simulators.population.url, ...DEMO_CREDENTIALS.population },
      civilStatus: { baseUrl: simulators.civilStatus.url, ...DEMO_CREDENTIALS.civilStatus },
      land: { baseUrl: simulators.land.url, ...DEMO_CREDENTIALS.land },
    },
    clients: names.map((name) => ({ name, keySha256: sha256(keyOf(name)), communes: ['21085'] })),
  };
}

function pct(value: number): string {
  return `${(100 * value).toFixed(2)} %`;
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

function verdict(met: boolean, target: string): string {
  return `${met ? 'MET' : 'NOT MET'} (${target})`;
}
