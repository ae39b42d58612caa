// Test only: sample alerts.
import type { Alert } from '../types.ts';

/** 07:32 UTC = 14:32 in Hà Nội. */
export const SAMPLE_START = Date.UTC(2025, 2, 5, 7, 32);

export function sampleAlert(change: Partial<Alert> = {}): Alert {
  return {
    kind: 'alert', id: 'down/population/inc-1#firing', dedupKey: 'down/population/inc-1', rule: 'down', phase: 'firing',
    upstream: 'population', severity: 'critical', incidentId: 'inc-1', startsAt: SAMPLE_START, at: SAMPLE_START + 12 * 60_000,
    endsAt: null, supersedes: [], channels: ['test'],
    facts: {
      state: 'down', reasons: ['probe-failing'], queueDepth: 37, oldestTicketAt: SAMPLE_START + 60_000, communesAffected: ['21085', '21088'],
      ticketsQueued: 37, requestsFailed: 120, requestsServedStale: 48, estimatedDrainSeconds: 185, bounces: 1,
    },
    ...change,
  };
}

export function sampleResolution(change: Partial<Alert> = {}): Alert {
  const endsAt = SAMPLE_START + 33 * 60_000;
  return sampleAlert({
    id: 'down/population/inc-1#resolved', phase: 'resolved', endsAt, at: endsAt + 120_000,
    facts: { ...sampleAlert().facts, state: 'operational', reasons: [] },
    ...change,
  });
}
