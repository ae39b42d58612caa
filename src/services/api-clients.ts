// The API clients of the configuration (and the demo key of the simulators) as the gateway's ApiClient records.
import type { Config } from '../config/schema.ts';
import { sha256Hex } from '../keys/sha256.ts';
import type { ApiClient } from '../gateway/services.ts';

/** The simulators' demo key and the communes they hold data for. */
export interface DemoClient {
  apiKey: string;
  communes: string[];
}

export async function apiClients(config: Config, demo: DemoClient | undefined): Promise<ApiClient[]> {
  const clients: ApiClient[] = config.clients.map((client) => ({
    name: client.name,
    keySha256: client.keySha256,
    communes: client.communes,
    landCommunes: client.landCommunes === 'own' ? client.communes : client.landCommunes,
    mayReadReligion: client.scopes.includes('religion'),
    callbackUrlPrefixes: client.callbackUrlPrefixes,
    rateLimit: client.rateLimit ?? config.rateLimits.default,
  }));
  if (demo) {
    // The demo key may act for every commune the simulators hold data for.
    clients.push({ name: 'Demo (simulators)', keySha256: await sha256Hex(demo.apiKey), communes: demo.communes, landCommunes: demo.communes, mayReadReligion: false, rateLimit: config.rateLimits.demoKey });
  }
  return clients;
}
