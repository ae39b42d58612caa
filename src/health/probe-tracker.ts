// Probe thresholds, pure: consecutive failures take a probe down, consecutive successes bring it back up,
// so one lost packet is not an outage and one lucky answer is not a recovery. An upstream whose probes fail now
// and then is partly failing (intermittent), not down: its unlucky runs of failures need twice the threshold.
import { probeAvailability } from './classify.ts';
import type { ProbeResult } from './types.ts';

export interface ProbeThresholds {
  /** Consecutive failed probes before the probe says "down". Default 3. */
  failureThreshold: number;
  /** Consecutive good probes before a down probe says "up" again. Default 2. */
  successThreshold: number;
}

export type ProbeStatus = 'up' | 'down' | 'unknown';

export interface ProbeTrack {
  status: ProbeStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** When `status` last changed, epoch ms (null while unknown). */
  since: number | null;
  last: ProbeResult | null;
  /** Start of the last probe that found the upstream available, epoch ms. */
  lastAvailableAt: number | null;
  /**
   * Start of the first probe of the current run of equal answers (failures or successes), epoch ms: when the
   * outage or the recovery the run proves really began, not when the threshold was reached.
   */
  streakSince: number | null;
  /** Availability of the last probes (at most PROBE_HISTORY), oldest first; refused logins are left out. */
  history: boolean[];
  /** Some recent probes failed and some succeeded: the upstream answers, but not reliably. */
  intermittent: boolean;
}

/** Probes remembered to tell an intermittent upstream from one that went down. */
export const PROBE_HISTORY = 10;
/** Failures among the remembered probes, each followed by a success, that make an upstream intermittent. */
const INTERMITTENT_FAILURES = 2;

export const initialProbeTrack: ProbeTrack = {
  status: 'unknown', consecutiveFailures: 0, consecutiveSuccesses: 0, since: null, last: null, lastAvailableAt: null, streakSince: null, history: [], intermittent: false,
};

function stable(remembered: { history: boolean[]; intermittent: boolean }, steady: boolean): { history: boolean[]; intermittent: boolean } {
  return steady ? { history: remembered.history.map(() => true), intermittent: false } : remembered;
}

/** Intermittent: failures the upstream came back from (followed by a success), not the run going on now. */
function remember(history: readonly boolean[], available: boolean): { history: boolean[]; intermittent: boolean } {
  const next = [...history, available].slice(-PROBE_HISTORY);
  const failures = next.slice(0, next.lastIndexOf(true)).filter((ok) => !ok).length;
  return { history: next, intermittent: failures >= INTERMITTENT_FAILURES };
}

/**
 * The track after `result`. From `unknown` one good probe is enough to say up (nothing suggests otherwise);
 * from `down` it takes `successThreshold`. A refused login says nothing about availability: counts stay.
 */
export function trackProbe(track: ProbeTrack, result: ProbeResult, thresholds: ProbeThresholds): ProbeTrack {
  const available = probeAvailability(result.outcome);
  if (available === null) return { ...track, last: result };
  if (available) {
    const consecutiveSuccesses = track.consecutiveSuccesses + 1;
    const needed = track.status === 'down' ? thresholds.successThreshold : 1;
    const status = consecutiveSuccesses >= needed ? 'up' : track.status;
    return {
      status,
      consecutiveFailures: 0,
      consecutiveSuccesses,
      since: status === track.status ? track.since : result.at,
      last: result,
      lastAvailableAt: result.at,
      streakSince: track.consecutiveSuccesses === 0 ? result.at : track.streakSince,
      // A recovery forgets the outage: its failures were not "now and then". Twice the success threshold in a
      // row ends an intermittent spell.
      ...(track.status === 'down' && status === 'up'
        ? { history: Array<boolean>(Math.min(consecutiveSuccesses, PROBE_HISTORY)).fill(true), intermittent: false }
        : stable(remember(track.history, true), consecutiveSuccesses >= 2 * thresholds.successThreshold)),
    };
  }
  const consecutiveFailures = track.consecutiveFailures + 1;
  // Failures before this run, among the remembered probes: the run may be the unlucky share of a failing upstream.
  const before = track.history.slice(0, Math.max(0, track.history.length - track.consecutiveFailures));
  const needed = before.includes(false) ? 2 * thresholds.failureThreshold : thresholds.failureThreshold;
  const status = consecutiveFailures >= needed ? 'down' : track.status;
  return {
    status,
    consecutiveFailures,
    consecutiveSuccesses: 0,
    since: status === track.status ? track.since : result.at,
    last: result,
    lastAvailableAt: track.lastAvailableAt,
    streakSince: track.consecutiveFailures === 0 ? result.at : track.streakSince,
    ...remember(track.history, false),
  };
}
