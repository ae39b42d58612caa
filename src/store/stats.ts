// Folds `status, commune_code, count, oldest` rows into QueueStats (shared by the SQL stores).
import type { QueueStats } from '../queue/store.ts';

export function emptyStats(): QueueStats {
  return { queued: 0, inProgress: 0, oldestQueuedAt: null, byCommune: {} };
}

export function addStatsRow(stats: QueueStats, row: Record<string, unknown>): void {
  const count = Number(row['count']);
  const commune = String(row['commune_code']);
  const entry = (stats.byCommune[commune] ??= { queued: 0, inProgress: 0 });
  if (row['status'] === 'queued') {
    stats.queued += count;
    entry.queued += count;
    const oldest = Number(row['oldest']);
    stats.oldestQueuedAt = stats.oldestQueuedAt === null ? oldest : Math.min(stats.oldestQueuedAt, oldest);
  } else {
    stats.inProgress += count;
    entry.inProgress += count;
  }
}
