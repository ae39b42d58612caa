// Runs the store's client keys once: this instance's directory over the opened key store, which polls the
// table's version every keys.refreshIntervalMs so that a key revoked from any instance or the CLI is refused here
// within that interval.
import type { Config } from '../config/schema.ts';
import type { ApiClient, Logger } from '../gateway/services.ts';
import { startKeyDirectory, type RunningKeyDirectory } from '../keys/directory.ts';
import type { ClientKeyStore, StoredClientKey } from '../keys/store.ts';

export interface ClientKeysRuntime {
  directory: RunningKeyDirectory<ApiClient>;
  close(): Promise<void>;
}

/** `poll: false`: no timer; the runtime calls `directory.refresh()` itself (workerd: from the cron and after requests). */
export async function startClientKeys(options: { config: Config; logger: Logger; now: () => number; store: ClientKeyStore; poll?: boolean }): Promise<ClientKeysRuntime> {
  const { config } = options;
  const log = options.logger.child({ component: 'client-keys' });
  const store = options.store;
  const directory = await startKeyDirectory({
    store, now: options.now, refreshIntervalMs: config.keys.refreshIntervalMs, poll: options.poll, toClient: (key) => storedKeyClient(config, key),
    onError: (error) => log.error({ err: error }, 'client keys could not be read; the last known keys stay in force'),
  });
  return {
    directory,
    async close() {
      directory.stop();
      await store.close();
    },
  };
}

/**
 * A stored key acts like a configured client with default settings; callback prefixes (and the webhook secret,
 * looked up by name) come from a configured client of the same name, since they are not kept in the store.
 */
function storedKeyClient(config: Config, key: StoredClientKey): ApiClient {
  const configured = config.clients.find((client) => client.name === key.client);
  return {
    name: key.client,
    keySha256: key.keySha256,
    communes: key.communes,
    landCommunes: key.communes,
    mayReadReligion: key.scopes.includes('religion'),
    callbackUrlPrefixes: configured?.callbackUrlPrefixes ?? [],
    rateLimit: configured?.rateLimit ?? config.rateLimits.default,
  };
}
