// Seeded pseudo-random numbers for the simulators: the data set and the fault draws must be identical on every
// run, so nothing here touches Math.random.

/** A deterministic stream of numbers in [0, 1) plus the few helpers the generators need. */
export interface Random {
  /** Next uniform number in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One value of `[value, weight]` pairs, proportionally to the weights. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T;
}

/** mulberry32: tiny, fast and good enough for synthetic data; the same seed always gives the same stream. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty list');
    return items[Math.floor(next() * items.length)] as T;
  };
  const weighted = <T>(pairs: readonly (readonly [T, number])[]): T => {
    const total = pairs.reduce((sum, [, weight]) => sum + weight, 0);
    let draw = next() * total;
    for (const [value, weight] of pairs) {
      draw -= weight;
      if (draw < 0) return value;
    }
    return pick(pairs)[0];
  };
  return { next, int, chance: (p) => next() < p, pick, weighted };
}
