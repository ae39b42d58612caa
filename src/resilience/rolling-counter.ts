// A bucketed rolling-window counter; pure over the time passed in (no timers).

export interface RollingCounter {
  /** Adds `n` (default 1) at time `nowMs` (epoch ms). */
  add(nowMs: number, n?: number): void;
  /** Sum over the window ending at `nowMs`: the current bucket and the `buckets − 1` before it. */
  total(nowMs: number): number;
}

/** Counts events over the last `windowMs` ms in `buckets` equal slices (default 10). */
export function createRollingCounter(windowMs: number, buckets = 10): RollingCounter {
  const bucketMs = windowMs / buckets;
  const counts = new Array<number>(buckets).fill(0);
  const slices = new Array<number>(buckets).fill(Number.NEGATIVE_INFINITY);
  const sliceOf = (nowMs: number) => Math.floor(nowMs / bucketMs);

  return {
    add(nowMs, n = 1) {
      const slice = sliceOf(nowMs);
      const i = ((slice % buckets) + buckets) % buckets;
      if (slices[i] !== slice) {
        slices[i] = slice;
        counts[i] = 0;
      }
      counts[i]! += n;
    },
    total(nowMs) {
      const slice = sliceOf(nowMs);
      let sum = 0;
      for (let i = 0; i < buckets; i++) {
        const s = slices[i]!;
        if (s <= slice && s > slice - buckets) sum += counts[i]!;
      }
      return sum;
    },
  };
}
