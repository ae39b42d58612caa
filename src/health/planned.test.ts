import { describe, expect, it } from 'vitest';
import { incidentRecord, plannedEntries } from './planned.ts';
import type { Incident } from './store.ts';

const HOUR = 3_600_000;
const windows = [
  { upstream: 'land' as const, fromMs: 10 * HOUR, toMs: 12 * HOUR, note: 'Nâng cấp máy chủ' },
  { upstream: 'population' as const, fromMs: 20 * HOUR, toMs: 21 * HOUR },
];

describe('planned maintenance in the incident record', () => {
  it('lists windows that overlap the query as planned entries, closed once over', () => {
    const entries = plannedEntries(windows, { fromMs: 11 * HOUR, toMs: 30 * HOUR }, 20.5 * HOUR);
    expect(entries.map((entry) => [entry.upstream, entry.status, entry.planned, entry.worstState])).toEqual([
      ['land', 'closed', true, 'maintenance'],
      ['population', 'open', true, 'maintenance'],
    ]);
    expect(entries[0]).toMatchObject({ durationMs: 2 * HOUR, note: 'Nâng cấp máy chủ' });
  });

  it('leaves out future windows and those outside the filters', () => {
    expect(plannedEntries(windows, {}, 5 * HOUR)).toEqual([]);
    expect(plannedEntries(windows, { upstream: 'population' }, 30 * HOUR)).toHaveLength(1);
    expect(plannedEntries(windows, { toMs: 9 * HOUR }, 30 * HOUR)).toEqual([]);
    expect(plannedEntries(windows, { status: 'open' }, 30 * HOUR)).toEqual([]);
  });

  it('merges them with judged incidents, newest first', () => {
    const incident = { id: 'i1', upstream: 'civil-status', startedAt: 15 * HOUR } as Incident;
    const record = incidentRecord([incident], plannedEntries(windows, {}, 30 * HOUR));
    expect(record.map((entry) => [entry.id, entry.planned])).toEqual([
      ['maintenance-population-72000000', true], ['i1', false], ['maintenance-land-36000000', true],
    ]);
  });
});
