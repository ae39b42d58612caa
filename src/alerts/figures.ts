// Collects what the rules look at: health's snapshot (state, reasons, login, open incident) and the queue's
// figures (depth, oldest ticket, communes waiting), per upstream. Injected sources; the mapping itself is pure.
import type { HealthSnapshot } from '../health/snapshot.ts';
import type { UpstreamName } from '../health/types.ts';
import type { UpstreamFigures } from './engine.ts';

/** The ticket store's figures for one upstream (a structural subset of the queue's QueueStats). */
export interface QueueFigures {
  queued: number;
  inProgress: number;
  oldestQueuedAt: number | null;
  byCommune: Record<string, { queued: number; inProgress: number }>;
}

export interface FigureSources {
  /** The health registry's snapshot. */
  snapshot: () => HealthSnapshot;
  /** The ticket store's stats; absent until the queue exists (health's own queue figures are used then). */
  queue?: ((upstream: UpstreamName) => Promise<QueueFigures | undefined>) | undefined;
  /** Tickets the drainer replays per second once the upstream answers. */
  drainRatePerSecond?: ((upstream: UpstreamName) => number | null) | undefined;
}

export function figuresOf(snapshot: HealthSnapshot, queues: ReadonlyMap<UpstreamName, QueueFigures>, drainRate: (upstream: UpstreamName) => number | null): UpstreamFigures[] {
  return snapshot.upstreams.map((health) => {
    const queue = queues.get(health.upstream);
    const communes = queue ? Object.entries(queue.byCommune).filter(([, counts]) => counts.queued + counts.inProgress > 0).map(([commune]) => commune) : [];
    return {
      upstream: health.upstream,
      state: health.state,
      since: health.since,
      reasons: health.reasons,
      login: health.login,
      queueDepth: queue ? queue.queued + queue.inProgress : health.queue?.depth ?? null,
      oldestTicketAt: queue ? queue.oldestQueuedAt : health.queue?.oldestTicketAt ?? null,
      queueCommunes: communes.sort(),
      openIncident: health.openIncident,
      drainRatePerSecond: drainRate(health.upstream),
    };
  });
}

/** The figures collector the alerting service calls at each evaluation. */
export function createFigureCollector(sources: FigureSources): () => Promise<UpstreamFigures[]> {
  return async function collectFigures() {
    const queues = new Map<UpstreamName, QueueFigures>();
    if (sources.queue) {
      for (const { upstream } of sources.snapshot().upstreams) {
        const stats = await sources.queue(upstream);
        if (stats) queues.set(upstream, stats);
      }
    }
    // The snapshot last, after the awaits: it is then at least as new as every health event already handled.
    return figuresOf(sources.snapshot(), queues, sources.drainRatePerSecond ?? (() => null));
  };
}
