import { describe, expect, it } from 'vitest';
import { initialProbeTrack, trackProbe, type ProbeTrack } from './probe-tracker.ts';
import type { ProbeOutcome, ProbeResult } from './types.ts';

const thresholds = { failureThreshold: 3, successThreshold: 2 };
const result = (outcome: ProbeOutcome, at: number): ProbeResult => ({ upstream: 'population', operation: 'lookup-citizen', outcome, at, latencyMs: 10 });
const run = (outcomes: ProbeOutcome[]): ProbeTrack[] => {
  const tracks: ProbeTrack[] = [];
  let track = initialProbeTrack;
  outcomes.forEach((outcome, i) => {
    track = trackProbe(track, result(outcome, i * 1000), thresholds);
    tracks.push(track);
  });
  return tracks;
};

describe('probe thresholds', () => {
  it('says up after the first good probe from unknown', () => {
    expect(run(['ok'])[0]).toMatchObject({ status: 'up', since: 0 });
  });

  it('needs failureThreshold consecutive failures to say down, and dates it from the failure that tipped it', () => {
    const statuses = run(['ok', 'failed', 'timeout', 'failed']);
    expect(statuses.map((track) => track.status)).toEqual(['up', 'up', 'up', 'down']);
    expect(statuses[3]!.since).toBe(3000);
  });

  it('does not go down when a success breaks the run of failures', () => {
    expect(run(['ok', 'failed', 'failed', 'ok', 'failed', 'failed']).at(-1)!.status).toBe('up');
  });

  it('needs successThreshold consecutive successes to come back up', () => {
    const statuses = run(['failed', 'failed', 'failed', 'ok', 'failed', 'ok', 'ok']).map((track) => track.status);
    expect(statuses).toEqual(['unknown', 'unknown', 'down', 'down', 'down', 'down', 'up']);
  });

  it('counts final answers and not-provisioned answers as the upstream answering', () => {
    expect(run(['failed', 'failed', 'failed', 'answered-final', 'not-provisioned']).at(-1)!.status).toBe('up');
  });

  it('leaves availability alone when the login is refused', () => {
    const tracks = run(['ok', 'failed', 'failed', 'cannot-log-in', 'failed']);
    expect(tracks[3]).toMatchObject({ status: 'up', consecutiveFailures: 2 });
    expect(tracks[4]!.status).toBe('down');
  });
});

describe('probe thresholds: a partly failing upstream is not down', () => {
  it('never says down for an upstream whose probes fail now and then, even three in a row, and marks it intermittent', () => {
    const tracks = run(['ok', 'failed', 'ok', 'ok', 'failed', 'ok', 'failed', 'failed', 'failed', 'ok', 'failed', 'ok']);
    expect(tracks.map((track) => track.status)).not.toContain('down');
    expect(tracks.at(-1)!.intermittent).toBe(true);
  });

  it('still says down at the threshold when the failures begin from health, and after twice it when they follow errors', () => {
    expect(run(['ok', 'ok', 'ok', 'failed', 'failed', 'failed']).at(-1)!.status).toBe('down');
    const afterErrors = run(['ok', 'failed', 'ok', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed']);
    expect(afterErrors.map((track) => track.status)).toEqual(['up', 'up', 'up', 'up', 'up', 'up', 'up', 'up', 'down']);
  });

  it('does not call one lost answer intermittent', () => {
    expect(run(['ok', 'ok', 'failed', 'ok', 'ok']).at(-1)!.intermittent).toBe(false);
  });
});

describe('probe thresholds: steady again', () => {
  it('ends an intermittent spell after twice the success threshold of good probes in a row', () => {
    const tracks = run(['ok', 'failed', 'ok', 'failed', 'ok', 'ok', 'ok', 'ok']);
    expect(tracks.map((track) => track.intermittent)).toEqual([false, false, false, false, true, true, true, false]);
  });
});
