import { describe, expect, it } from 'vitest';
import { idleTrack, stepIncident, type IncidentAction } from './incident-tracker.ts';
import type { HealthState } from './types.ts';

const thresholds = { openDownAfterMs: 0, openDegradedAfterMs: 120_000, closeAfterMs: 60_000 };

/** Steps through `[secondsSinceStart, state]` pairs; returns the actions that were not 'none'. */
function script(steps: [number, HealthState][]): IncidentAction[] {
  let track = idleTrack;
  const actions: IncidentAction[] = [];
  for (const [seconds, state] of steps) {
    const step = stepIncident(track, seconds * 1000, { state, reasons: state === 'down' ? ['probe-failing'] : [] }, thresholds);
    track = step.track;
    if (step.action.type !== 'none') actions.push(step.action);
  }
  return actions;
}

describe('incident thresholds', () => {
  it('opens at once when the upstream goes down and closes after it stayed good, ending when it recovered', () => {
    expect(script([[0, 'operational'], [10, 'down'], [20, 'down'], [30, 'operational'], [60, 'operational'], [90, 'operational']])).toEqual([
      { type: 'open', startedAt: 10_000 },
      { type: 'close', startedAt: 10_000, endedAt: 30_000 },
    ]);
  });

  it('makes one incident of a flapping upstream, ending at the last recovery', () => {
    const actions = script([[0, 'down'], [10, 'operational'], [20, 'down'], [30, 'operational'], [40, 'down'], [50, 'operational'], [120, 'operational']]);
    expect(actions).toEqual([{ type: 'open', startedAt: 0 }, { type: 'close', startedAt: 0, endedAt: 50_000 }]);
  });

  it('opens for a degraded spell only once it lasted the degraded threshold, dated from its start', () => {
    expect(script([[0, 'degraded'], [60, 'degraded'], [119, 'degraded'], [120, 'degraded']])).toEqual([{ type: 'open', startedAt: 0 }]);
  });

  it('opens no incident for a short degraded spell', () => {
    expect(script([[0, 'degraded'], [60, 'degraded'], [70, 'operational'], [200, 'operational']])).toEqual([{ type: 'pending-cleared' }]);
  });

  it('treats maintenance as not an outage', () => {
    expect(script([[0, 'maintenance'], [500, 'maintenance']])).toEqual([]);
  });

  it('keeps the worst state and every cause of the spell', () => {
    let track = idleTrack;
    track = stepIncident(track, 0, { state: 'degraded', reasons: ['slow'] }, thresholds).track;
    track = stepIncident(track, 1000, { state: 'down', reasons: ['probe-failing'] }, thresholds).track;
    track = stepIncident(track, 2000, { state: 'degraded', reasons: ['serving-stale'] }, thresholds).track;
    expect(track).toMatchObject({ worst: 'down', open: true, causes: ['slow', 'probe-failing', 'serving-stale'] });
  });
});
