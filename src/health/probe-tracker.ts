// Probe thresholds, pure: consecutive failures take a probe down, consecutive successes bring it back up,
// so one lost packet is not an outage and one lucky answer is not a recovery.
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
}

export const initialProbeTrack: ProbeTrack = {
  status: 'unknown', consecutiveFailures: 0, consecutiveSuccesses: 0, since: null, last: null, lastAvailableAt: null,
};

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
    };
  }
  const consecutiveFailures = track.consecutiveFailures + 1;
  const status = consecutiveFailures >= thresholds.failureThreshold ? 'down' : track.status;
  return {
    status,
    consecutiveFailures,
    consecutiveSuccesses: 0,
    since: status === track.status ? track.since : result.at,
    last: result,
    lastAvailableAt: track.lastAvailableAt,
  };
}
