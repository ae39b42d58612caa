// A drain token bucket shared by every instance: tokens come from the cluster store's bucket (one atomic take
// each), so the instances together never start more replays per second than configured. It offers the drainer's
// synchronous TokenBucket face: a local reserve is filled in the background and read synchronously.
import type { TokenBucket } from '../queue/token-bucket.ts';
import type { ClusterStore } from './store.ts';

export interface SharedTokenBucketOptions {
  store: Pick<ClusterStore, 'takeTokens'>;
  /** The bucket's name in the store (e.g. `drain:population`). */
  name: string;
  /** Replays per second for the whole province. */
  ratePerSecond: number;
  now: () => number;
  onError?: (error: unknown) => void;
}

/** A token taken but not used within this long is dropped, so a reserve never turns into a burst later, ms. */
const TOKEN_LIFETIME_MS = 1_000;
/** Wait before asking the store again after a failed take, ms. */
const RETRY_MS = 250;

export function createSharedTokenBucket(options: SharedTokenBucketOptions): TokenBucket {
  const { store, name, ratePerSecond, now } = options;
  let reserve: number[] = []; // expiry of each token held
  let asking: Promise<void> | undefined;
  let nextAskAt = 0;

  function live(): number {
    const at = now();
    reserve = reserve.filter((expiresAt) => expiresAt > at);
    return reserve.length;
  }

  function refill(): void {
    if (asking || now() < nextAskAt) return;
    asking = store.takeTokens(name, 1, ratePerSecond, 1).then(({ taken, waitMs }) => {
      const at = now();
      for (let i = 0; i < taken; i += 1) reserve.push(at + TOKEN_LIFETIME_MS);
      nextAskAt = taken > 0 ? at : at + Math.max(1, waitMs);
    }, (error: unknown) => {
      options.onError?.(error);
      nextAskAt = now() + RETRY_MS;
    }).finally(() => {
      asking = undefined;
    });
  }

  return {
    available() {
      const held = live();
      if (held === 0) refill();
      return held;
    },
    take() {
      if (live() === 0) {
        refill();
        return false;
      }
      reserve.shift();
      if (reserve.length === 0) refill();
      return true;
    },
    msUntilNext() {
      if (live() > 0) return 0;
      refill();
      return Math.max(5, nextAskAt - now());
    },
  };
}
