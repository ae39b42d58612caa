// Accumulates one upstream's current minute (worst state, calls, probes) and hands over finished minutes.
import { MINUTE_MS, type MinuteBucket } from './store.ts';
import { worstState, type HealthState, type UpstreamName } from './types.ts';

export interface MinuteRecorder {
  /** Counts a call started at `at`. */
  call(at: number, failed: boolean): void;
  probe(at: number, failed: boolean): void;
  /** Notes the state judged at `at`. */
  state(at: number, state: HealthState): void;
  /** Finished minutes since the last take (and, with `includeCurrent`, the current one, which is then reset). */
  take(includeCurrent: boolean): MinuteBucket[];
}

export function createMinuteRecorder(upstream: UpstreamName, initialState: HealthState): MinuteRecorder {
  let current: MinuteBucket | null = null;
  let lastState = initialState;
  const finished: MinuteBucket[] = [];

  function bucketAt(at: number): MinuteBucket {
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    if (current && current.minute === minute) return current;
    // A late call for an earlier minute is counted in the current one rather than reopening a written bucket.
    if (current && current.minute > minute) return current;
    if (current) finished.push(current);
    current = { upstream, minute, state: lastState, calls: 0, failures: 0, probes: 0, probeFailures: 0 };
    return current;
  }

  return {
    call(at, failed) {
      const bucket = bucketAt(at);
      bucket.calls += 1;
      if (failed) bucket.failures += 1;
    },
    probe(at, failed) {
      const bucket = bucketAt(at);
      bucket.probes += 1;
      if (failed) bucket.probeFailures += 1;
    },
    state(at, state) {
      const bucket = bucketAt(at);
      bucket.state = worstState(bucket.state, state);
      lastState = state;
    },
    take(includeCurrent) {
      const out = finished.splice(0);
      if (includeCurrent && current) {
        out.push(current);
        current = null;
      }
      return out;
    },
  };
}
