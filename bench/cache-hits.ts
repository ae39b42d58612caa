// Cache-hit throughput of the gateway and of the bare-Hono yardstick, measured in interleaved rounds: this VM's
// speed drifts by up to ±40 % over tens of seconds, so one gateway run and one bare run made a minute apart compare
// badly. Each figure is the median over the rounds; the ratio is the median of each round's own ratio.
import type { GatewayChild } from './gateway-child.ts';
import { maxThroughput, type ThroughputSummary } from './load.ts';
import { withBareHono } from './yardstick.ts';

export interface CacheHitFigures {
  gateway: ThroughputSummary;
  bare: ThroughputSummary;
  /** Gateway req/s over bare req/s. */
  ratio: number;
  /** Gateway CPU per hit, µs. */
  cpuMicrosPerHit: number;
  /** Gateway CPU over the runs' wall time (autocannon's start and stop included, so a little under the loaded figure). */
  busy: number;
}

/** `rounds` × (gateway `seconds` at 50 connections, then bare Hono the same), after a warm-up of each. */
export async function measureCacheHits(gateway: GatewayChild, url: string, headers: Record<string, string>, seconds: number, rounds: number): Promise<CacheHitFigures> {
  const cachedAnswer = new Uint8Array(await (await fetch(url, { headers })).arrayBuffer());
  await maxThroughput(url, headers, 50, 2); // warm-up
  return withBareHono(cachedAnswer, headers, async (bareUrl) => {
    const runs: Array<{ gateway: ThroughputSummary; bare: ThroughputSummary; cpuMicrosPerHit: number; busy: number }> = [];
    for (let round = 0; round < rounds; round += 1) {
      const cpuBefore = gateway.cpuSeconds();
      const startedAt = performance.now();
      const hits = await maxThroughput(url, headers, 50, seconds);
      const cpuSeconds = gateway.cpuSeconds() - cpuBefore;
      const busy = cpuSeconds / ((performance.now() - startedAt) / 1000);
      const bare = await maxThroughput(bareUrl, headers, 50, seconds);
      runs.push({ gateway: hits, bare, cpuMicrosPerHit: (1e6 * cpuSeconds) / Math.max(1, hits.requestsPerSecond * seconds), busy });
    }
    const median = <T>(values: T[], by: (value: T) => number): T => [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;
    return {
      gateway: median(runs, (run) => run.gateway.requestsPerSecond).gateway,
      bare: median(runs, (run) => run.bare.requestsPerSecond).bare,
      ratio: median(runs.map((run) => run.gateway.requestsPerSecond / run.bare.requestsPerSecond), (ratio) => ratio),
      cpuMicrosPerHit: median(runs.map((run) => run.cpuMicrosPerHit), (micros) => micros),
      busy: median(runs.map((run) => run.busy), (busy) => busy),
    };
  });
}
