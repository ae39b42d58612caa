// One health truth for every instance: the leader publishes its registry's snapshot to the cluster store on a
// beat; the other instances serve the last published one (/status, /v1/status), read on the same beat. A lone
// instance, or one that has not seen a published snapshot yet, serves its own. With it goes the view of a commune
// an upstream refuses (`?commune=`), which depends on the leader's figures but not on which refused commune asks.
import type { Timers } from '../health/monitor.ts';
import type { HealthRegistry } from '../health/registry.ts';
import type { HealthSnapshot, UpstreamHealth } from '../health/snapshot.ts';
import type { ClusterStore } from './store.ts';

export interface SharedHealthOptions {
  local: Pick<HealthRegistry, 'snapshot'>;
  store: Pick<ClusterStore, 'publishSnapshot' | 'readSnapshot'>;
  /** This instance's lease holder name. */
  holder: string;
  /** The running term's fencing token while this instance leads, else undefined. */
  leaderToken: () => number | undefined;
  /** Publish (leader) or read (others) this often, ms. */
  everyMs: number;
  timers: Timers;
  onError?: (error: unknown, what: string) => void;
}

export interface SharedHealth {
  /** What the status routes read: the leader's own snapshot on the leader, the published one elsewhere. */
  registry: Pick<HealthRegistry, 'snapshot'>;
  /** Publishes (leader) or reads (others) now; the beat calls it. */
  sync(): Promise<void>;
  start(): void;
  stop(): void;
}

export function createSharedHealth(options: SharedHealthOptions): SharedHealth {
  const { local, store, holder } = options;
  let published: PublishedHealth | undefined;
  let handle: unknown;
  let running = false;

  async function sync(): Promise<void> {
    const token = options.leaderToken();
    if (token !== undefined) {
      await store.publishSnapshot(JSON.stringify(publishable(local)), holder, token);
      return;
    }
    const row = await store.readSnapshot();
    published = row ? (JSON.parse(row.body) as PublishedHealth) : undefined;
  }

  function beat(): void {
    if (!running) return;
    sync().catch((error: unknown) => options.onError?.(error, 'shared health snapshot')).finally(() => {
      if (running) handle = options.timers.setTimeout(beat, options.everyMs);
    });
  }

  return {
    registry: {
      snapshot(snapshotOptions) {
        if (options.leaderToken() !== undefined || !published) return local.snapshot(snapshotOptions);
        return asSeenBy(published, snapshotOptions);
      },
    },
    sync,
    start() {
      if (running) return;
      running = true;
      beat();
    },
    stop() {
      running = false;
      if (handle !== undefined) options.timers.clearTimeout(handle);
    },
  };
}

/** The leader's snapshot, and per upstream how it is judged for a commune it refuses (absent: refuses none). */
type PublishedHealth = HealthSnapshot & { forNotProvisioned?: Record<string, Pick<UpstreamHealth, 'state' | 'reasons'>> };

function publishable(local: Pick<HealthRegistry, 'snapshot'>): PublishedHealth {
  const snapshot = local.snapshot();
  const forNotProvisioned: NonNullable<PublishedHealth['forNotProvisioned']> = {};
  for (const upstream of snapshot.upstreams) {
    const refused = upstream.notProvisionedCommunes[0];
    if (refused === undefined) continue;
    const seen = local.snapshot({ communeCode: refused }).upstreams.find((each) => each.upstream === upstream.upstream);
    if (seen) forNotProvisioned[upstream.upstream] = { state: seen.state, reasons: seen.reasons };
  }
  return { ...snapshot, forNotProvisioned };
}

/** What the registry's snapshot would say for that commune (in either unit scheme), from the published one. */
function asSeenBy(published: PublishedHealth, options: Parameters<HealthRegistry['snapshot']>[0] = {}): HealthSnapshot {
  const { forNotProvisioned, ...snapshot } = published;
  if (options.communeCode === undefined || !forNotProvisioned) return snapshot;
  const codes = [options.communeCode, ...(options.communeAliases ?? [])];
  return {
    ...snapshot,
    upstreams: snapshot.upstreams.map((upstream) => {
      const view = forNotProvisioned[upstream.upstream];
      const refused = view !== undefined && codes.some((code) => upstream.notProvisionedCommunes.includes(code));
      return refused ? { ...upstream, state: view.state, reasons: view.reasons } : upstream;
    }),
  };
}
