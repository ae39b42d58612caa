import { describe, expect, it } from 'vitest';
import { createLatencyEstimate } from './latency-estimate.ts';

describe('latency estimate', () => {
  it('knows nothing, and so holds nothing back, until an attempt succeeded', () => {
    expect(createLatencyEstimate().estimateMs('verifyIdentity')).toBe(0);
  });

  it('starts at the first duration and moves toward newer ones by its weight, per operation', () => {
    const latency = createLatencyEstimate({ weight: 0.5 });
    latency.record('verifyIdentity', 2_000);
    expect(latency.estimateMs('verifyIdentity')).toBe(2_000);
    latency.record('verifyIdentity', 4_000);
    expect(latency.estimateMs('verifyIdentity')).toBe(3_000);
    latency.record('lookupCitizen', 20);
    expect(latency.snapshot()).toEqual({ verifyIdentity: 3_000, lookupCitizen: 20 });
  });

  it('ignores durations that are not a time', () => {
    const latency = createLatencyEstimate();
    latency.record('verifyIdentity', Number.NaN);
    latency.record('verifyIdentity', -5);
    expect(latency.estimateMs('verifyIdentity')).toBe(0);
  });
});
