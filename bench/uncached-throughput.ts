// Uncached lookups at full load beside the project's yardstick for them: nginx proxying the same upstream. Measured
// in interleaved rounds (this VM's speed drifts), each figure the median of its rounds, the ratio the median of each
// round's own. The simulator runs on the load generator's core, so both sides share its limits.
import { maxThroughputOf, type RequestSpec, type ThroughputSummary } from './load.ts';
import { startNginxProxy } from './nginx-proxy.ts';

export interface UncachedFigures {
  gateway: ThroughputSummary;
  nginx: ThroughputSummary;
  /** Gateway req/s over nginx req/s. */
  ratio: number;
}

/** Undefined when the machine has no nginx. */
export async function measureUncachedThroughput(
  gatewayOrigin: string, upstreamUrl: string, throughGateway: () => RequestSpec, direct: () => RequestSpec, seconds: number, rounds: number,
): Promise<UncachedFigures | undefined> {
  const nginx = await startNginxProxy(upstreamUrl);
  if (!nginx) return undefined;
  try {
    await maxThroughputOf(gatewayOrigin, throughGateway, 50, 2); // warm-up
    await maxThroughputOf(nginx.url, direct, 50, 2);
    const runs: { gateway: ThroughputSummary; nginx: ThroughputSummary }[] = [];
    for (let round = 0; round < rounds; round += 1) {
      runs.push({ gateway: await maxThroughputOf(gatewayOrigin, throughGateway, 50, seconds), nginx: await maxThroughputOf(nginx.url, direct, 50, seconds) });
    }
    const median = <T>(values: T[], by: (value: T) => number): T => [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;
    return {
      gateway: median(runs, (run) => run.gateway.requestsPerSecond).gateway,
      nginx: median(runs, (run) => run.nginx.requestsPerSecond).nginx,
      ratio: median(runs.map((run) => run.gateway.requestsPerSecond / run.nginx.requestsPerSecond), (ratio) => ratio),
    };
  } finally {
    await nginx.stop();
  }
}
