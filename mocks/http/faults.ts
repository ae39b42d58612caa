// A simulator's fault controller: holds the current faults and draws, from a seeded PRNG, what happens to each
// call. The PRNG is reseeded whenever faults change, so a scenario replays identically whatever ran before it.
import { createRandom } from '../data/random.ts';
import type { Random } from '../data/random.ts';
import { mergeFaults, validateFaultPatch } from './fault-schema.ts';
import type { ErrorMode, FaultPatch, Faults } from './fault-schema.ts';

/** What tests and the admin API use to steer a simulator's faults. */
export interface FaultControl {
  /** A copy of the faults in force. */
  get(): Faults;
  /** Merges `patch` into the faults in force (null unsets a key); throws a RangeError naming bad values. */
  set(patch: FaultPatch): Faults;
  /** Turns every fault off. */
  clear(): void;
}

/** The one injected failure (if any) a business call gets; exactly one per call. */
export type FaultOutcome =
  | { kind: 'pass' }
  | { kind: 'reset' }
  | { kind: 'truncate' }
  | { kind: 'garbage' }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'unavailable'; retryAfterSeconds: number }
  | { kind: 'error'; mode: ErrorMode };

export interface FaultDraw {
  outcome: FaultOutcome;
  /** Delay before answering, in milliseconds. */
  delayMs: number;
}

export interface FaultController extends FaultControl {
  /** The faults in force, without copying (read-only, for the request path). */
  current(): Readonly<Faults>;
  /** Decides a business call's fate; rates are taken in a fixed order from one draw, so they never overlap. */
  drawBusiness(): FaultDraw;
  /** True when this token fetch / login should fail transiently. */
  drawAuthFailure(): boolean;
}

export function createFaultController(seed: number): FaultController {
  let faults: Faults = {};
  let business: Random = createRandom(seed);
  let auth: Random = createRandom(seed ^ 0x9e3779b9);
  const reseed = (): void => {
    business = createRandom(seed);
    auth = createRandom(seed ^ 0x9e3779b9);
  };

  const drawBusiness = (): FaultDraw => {
    const draw = business.next();
    const jitter = business.next();
    const delayMs = (faults.latencyMs ?? 0) + jitter * (faults.latencyJitterMs ?? 0);
    const candidates: [number, () => FaultOutcome][] = [
      [faults.resetRate ?? 0, () => ({ kind: 'reset' })],
      [faults.truncateRate ?? 0, () => ({ kind: 'truncate' })],
      [faults.garbageRate ?? 0, () => ({ kind: 'garbage' })],
      [faults.rateLimit?.rate ?? 0, () => ({ kind: 'rate-limit', retryAfterSeconds: faults.rateLimit?.retryAfterSeconds ?? 0 })],
      [faults.unavailable?.rate ?? 0, () => ({ kind: 'unavailable', retryAfterSeconds: faults.unavailable?.retryAfterSeconds ?? 0 })],
      [faults.errorRate ?? 0, () => ({ kind: 'error', mode: faults.errorMode ?? 'http-503' })],
    ];
    let threshold = 0;
    for (const [rate, outcome] of candidates) {
      threshold += rate;
      if (rate > 0 && draw < threshold) return { outcome: outcome(), delayMs };
    }
    return { outcome: { kind: 'pass' }, delayMs };
  };

  return {
    current: () => faults,
    get: () => structuredClone(faults),
    set(patch) {
      const problems = validateFaultPatch(patch);
      if (problems.length > 0) throw new RangeError(`invalid faults: ${problems.join('; ')}`);
      faults = mergeFaults(faults, patch);
      reseed();
      return structuredClone(faults);
    },
    clear() {
      faults = {};
      reseed();
    },
    drawBusiness,
    drawAuthFailure: () => {
      const rate = faults.authFailureRate ?? 0;
      return rate > 0 && auth.next() < rate;
    },
  };
}
