// Gathers what the status page shows: the registry's snapshot, uptime history per upstream, recent incidents.
import type { HealthService } from '../service.ts';
import type { HealthSnapshot } from '../snapshot.ts';
import type { Incident } from '../store.ts';
import type { UpstreamName } from '../types.ts';
import { loadUptime, withLiveMinute, type UptimeHistory } from '../uptime.ts';

export interface StatusPageData {
  snapshot: HealthSnapshot;
  uptime: Record<UpstreamName, UptimeHistory>;
  /** Open incidents and those of the last 7 days, newest first (at most 20). */
  incidents: Incident[];
}

const WEEK_MS = 7 * 86_400_000;

/**
 * A loader that remembers uptime history for `ttlMs` (default 30 s): the page polls every 10 s from every open
 * browser, and 90 days of minutes need not be counted again each time.
 */
export function createStatusPageLoader(ttlMs = 30_000): (health: HealthService, now: number, communeCode?: string, communeAliases?: readonly string[]) => Promise<StatusPageData> {
  let cached: { at: number; uptime: Record<UpstreamName, UptimeHistory> } | undefined;
  return async function loadStatusPage(health, now, communeCode, communeAliases) {
    const snapshot = health.registry.snapshot({ communeCode, communeAliases });
    if (!cached || now - cached.at >= ttlMs || now < cached.at) {
      // The upstreams the registry judges: the built-in three and any registered at start.
      const upstreams = snapshot.upstreams.map((entry) => entry.upstream);
      const histories = await Promise.all(upstreams.map((upstream) => loadUptime(health.store, upstream, now)));
      cached = { at: now, uptime: Object.fromEntries(upstreams.map((upstream, i) => [upstream, histories[i]!])) as Record<UpstreamName, UptimeHistory> };
    }
    const incidents = await health.store.listIncidents({ fromMs: now - WEEK_MS, limit: 20 });
    return { snapshot, uptime: withLiveState(cached.uptime, snapshot), incidents };
  };
}

/**
 * The current minute is not stored yet: it counts in the live state (the last bar and the shares), unless
 * nothing is known yet (no figures are not a healthy minute).
 */
function withLiveState(uptime: Record<UpstreamName, UptimeHistory>, snapshot: HealthSnapshot): Record<UpstreamName, UptimeHistory> {
  const out = { ...uptime };
  for (const health of snapshot.upstreams) {
    if (health.reasons.includes('no-data')) continue;
    out[health.upstream] = withLiveMinute(uptime[health.upstream], health.state);
  }
  return out;
}
