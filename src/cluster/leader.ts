// Leader election over the cluster store's lease: one instance of a province runs the singular jobs (probes,
// incident transitions, alert sending, the daily summary, the purge). The lease is renewed every third of its
// time; an instance that cannot renew steps down before the lease can lapse in the store, and each new term
// carries a larger fencing token that every leader-only write checks.
import type { ClusterStore } from './store.ts';

/** What a leadership term hands its jobs: its token, and the fence to check right before a singular write or send. */
export interface LeaderTerm {
  token: number;
  /** True while this term still holds the lease in the store (one query). */
  fence(): Promise<boolean>;
}

export type LeaderEvent =
  | { type: 'elected'; holder: string; token: number; at: number }
  | { type: 'deposed'; holder: string; token: number; at: number; reason: 'lost' | 'unreachable' | 'stopping' };

export interface LeaderElectorOptions {
  store: Pick<ClusterStore, 'acquireLease' | 'holdsLease' | 'releaseLease'>;
  /** This instance's unique name. */
  holder: string;
  /** Lease time, ms; another instance takes the role within it after this one dies. */
  leaseMs: number;
  now: () => number;
  /** Abortable wait; rejects when the signal aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Starts the term's jobs; awaited before the next renewal. */
  onElected: (term: LeaderTerm) => Promise<void>;
  /** Stops the term's jobs. */
  onDeposed: (event: Extract<LeaderEvent, { type: 'deposed' }>) => Promise<void>;
  onEvent?: (event: LeaderEvent) => void;
  onError?: (error: unknown) => void;
}

export interface LeaderElector {
  /** Makes the first attempt (so a lone instance leads before it answers) and keeps trying in the background. */
  start(): Promise<void>;
  /** Stops trying, ends the term (its jobs stop) and gives the lease up so another instance takes over at once. */
  stop(): Promise<void>;
  isLeader(): boolean;
}

export function createLeaderElector(options: LeaderElectorOptions): LeaderElector {
  const { store, holder, leaseMs, now } = options;
  const renewEveryMs = Math.max(100, Math.floor(leaseMs / 3));
  const controller = new AbortController();
  let term: { token: number; renewedAt: number } | undefined;
  let loop: Promise<void> | undefined;

  async function depose(reason: 'lost' | 'unreachable' | 'stopping'): Promise<void> {
    if (!term) return;
    const event = { type: 'deposed', holder, token: term.token, at: now(), reason } as const;
    term = undefined;
    options.onEvent?.(event);
    await options.onDeposed(event);
  }

  async function attempt(): Promise<void> {
    const sentAt = now();
    let grant: { token: number } | undefined;
    try {
      grant = await store.acquireLease(holder, leaseMs);
    } catch (error) {
      options.onError?.(error);
      // Unrenewed for two thirds of the lease: step down while the lease still shuts every other instance out.
      if (term && now() - term.renewedAt >= leaseMs - renewEveryMs) await depose('unreachable');
      return;
    }
    if (term && (!grant || grant.token !== term.token)) await depose('lost');
    if (!grant) return;
    if (term) {
      term.renewedAt = sentAt;
      return;
    }
    term = { token: grant.token, renewedAt: sentAt };
    const token = grant.token;
    options.onEvent?.({ type: 'elected', holder, token, at: now() });
    await options.onElected({ token, fence: () => store.holdsLease(holder, token) });
  }

  async function run(): Promise<void> {
    while (!controller.signal.aborted) {
      try {
        await options.sleep(renewEveryMs, controller.signal);
      } catch {
        return;
      }
      await attempt().catch((error: unknown) => options.onError?.(error));
    }
  }

  return {
    async start() {
      await attempt().catch((error: unknown) => options.onError?.(error));
      loop = run();
    },
    async stop() {
      controller.abort();
      await loop;
      const wasLeader = term !== undefined;
      await depose('stopping');
      if (wasLeader) await store.releaseLease(holder).catch((error: unknown) => options.onError?.(error));
    },
    isLeader: () => term !== undefined,
  };
}
