// The upstream's recent latency per operation: an exponentially weighted moving average of successful attempts'
// durations. Pure arithmetic over durations it is given (no clock), so it is tested with plain numbers.

export interface LatencyEstimateOptions {
  /** Weight of the newest duration, 0 < weight ≤ 1. Default 0.3 (about the last five calls dominate). */
  weight?: number;
}

export interface LatencyEstimate {
  /** Records how long one successful attempt of `operation` took, ms. */
  record(operation: string, durationMs: number): void;
  /** The recent latency of `operation`, ms; 0 until one attempt succeeded (nothing known: nothing held back). */
  estimateMs(operation: string): number;
  /** Every operation's estimate, ms. */
  snapshot(): Record<string, number>;
}

/**
 * Only successful attempts are recorded: a failure's duration says how fast the upstream refuses, not how long a
 * call that will be answered takes (a fast 503 would make a retry look affordable when the answer takes seconds).
 */
export function createLatencyEstimate(options: LatencyEstimateOptions = {}): LatencyEstimate {
  const weight = Math.min(1, Math.max(Number.EPSILON, options.weight ?? 0.3));
  const averages = new Map<string, number>();
  return {
    record(operation, durationMs) {
      if (!Number.isFinite(durationMs) || durationMs < 0) return;
      const previous = averages.get(operation);
      averages.set(operation, previous === undefined ? durationMs : previous + weight * (durationMs - previous));
    },
    estimateMs: (operation) => averages.get(operation) ?? 0,
    snapshot: () => Object.fromEntries(averages),
  };
}
