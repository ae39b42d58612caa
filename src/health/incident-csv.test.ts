import { describe, expect, it } from 'vitest';
import { incidentsCsv } from './incident-csv.ts';
import type { PlannedMaintenance } from './planned.ts';

function maintenance(note: string): PlannedMaintenance {
  return {
    id: 'maintenance-land-1', upstream: 'land', kind: 'maintenance', status: 'closed', startedAt: 0, endedAt: 3_600_000, durationMs: 3_600_000,
    worstState: 'maintenance', causes: [], affectedOperations: [], requestsFailed: 0, requestsServedStale: 0, requestsRejected: 0,
    ticketsQueued: 0, communesAffected: [], updatedAt: 3_600_000, planned: true, note,
  };
}

describe('incident CSV', () => {
  it.each(['=HYPERLINK("http://x.example","Bấm")', '+1+1', '-2+3', '@SUM(A1)', '\t=1'])(
    'neutralises a note that a spreadsheet would run as a formula: %s', (note) => {
      const row = incidentsCsv([maintenance(note)]).split('\r\n')[1]!;
      expect(row).toMatch(/,true,"?'/);
      expect(row).not.toMatch(/,true,"?[=+\-@\t]/);
    },
  );

  it('keeps an ordinary note as written', () => {
    expect(incidentsCsv([maintenance('Nâng cấp máy chủ')]).split('\r\n')[1]).toContain(',true,Nâng cấp máy chủ');
  });
});
