// Each instance's view of the store's keys: a map of active keys by hash, read synchronously by the auth
// middleware, and reloaded when the key table's version changes (a write from any process) or when a rotated
// key's grace period ends. Polled every refreshIntervalMs, so a revocation takes effect on every instance within
// that interval (1 s by default) plus one read of a tiny table.
import { isActive, type ClientKeyStore, type StoredClientKey } from './store.ts';

export interface KeyDirectoryOptions<C> {
  store: ClientKeyStore;
  /** The gateway's client for a stored key (adds config-only settings such as callback prefixes). */
  toClient: (key: StoredClientKey) => C;
  now: () => number;
  refreshIntervalMs: number;
  /** False: no polling timer; the owner calls `refresh` (on workerd, from the cron and after requests). Default true. */
  poll?: boolean;
  onError: (error: unknown) => void;
}

export interface RunningKeyDirectory<C> {
  byKeyHash(keySha256: string): C | undefined;
  /** Bumped on every reload that changed what is accepted. */
  version(): number;
  /** Reads the store now (start-up, tests); polling calls it too. */
  refresh(): Promise<void>;
  stop(): void;
}

export async function startKeyDirectory<C>(options: KeyDirectoryOptions<C>): Promise<RunningKeyDirectory<C>> {
  const { store, now } = options;
  let byHash = new Map<string, C>();
  let version = 0;
  let storeVersion: number | undefined;
  let nextExpiryAt = Number.POSITIVE_INFINITY;
  let refreshing: Promise<void> | undefined;

  async function reload(): Promise<void> {
    const seen = await store.version();
    if (seen === storeVersion && now() < nextExpiryAt) return;
    const at = now();
    const active = (await store.list()).filter((key) => isActive(key, at));
    byHash = new Map(active.map((key) => [key.keySha256, options.toClient(key)]));
    nextExpiryAt = Math.min(Number.POSITIVE_INFINITY, ...active.map((key) => key.expiresAt ?? Number.POSITIVE_INFINITY));
    storeVersion = seen;
    version += 1;
  }

  function refresh(): Promise<void> {
    refreshing ??= reload().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  await refresh();
  const timer = options.poll === false ? undefined : setInterval(() => {
    refresh().catch(options.onError);
  }, options.refreshIntervalMs);
  (timer as { unref?: () => void } | undefined)?.unref?.();
  return {
    byKeyHash: (hash) => byHash.get(hash),
    version: () => version,
    refresh,
    stop: () => clearInterval(timer),
  };
}
