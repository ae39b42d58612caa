// The upstreams the gateway knows, each described once: names, configuration key, display words, breaker groups,
// cache lifetimes, drain defaults and the verification it answers. Pure data: every per-upstream table of the
// gateway (metrics, health, queue, status page, alerts, problems, config defaults) is derived from it (src/upstreams/).

/** A text in both languages the gateway speaks (Vietnamese with full diacritics first). */
export interface Words {
  vi: string;
  en: string;
}

/** Cache lifetimes of one operation, seconds. */
export interface CacheLifetimes {
  freshTtlSeconds: number;
  staleTtlSeconds: number;
  notFoundTtlSeconds: number;
}

/** How fast the queue drains this upstream after an outage (queue.drain.<configKey>). */
export interface DrainSettings {
  /** Replays started per second, at most. */
  ratePerSecond: number;
  /** Replays in flight, at most. */
  concurrency: number;
}

export interface UpstreamDescription {
  /** kebab-case, as in metrics labels, problems, tickets, incidents and the status page. */
  name: string;
  /** camelCase key of its block in `upstreams`, `queue.drain` and `health.probes`. */
  configKey: string;
  /** Its display name, capitalised (status page, incident CSV, alerts); problems say "the <en, lower case>". */
  displayName: Words;
  /** The lookups it serves, lower case (alert messages: what users feel). */
  lookups: Words;
  /** The verification it answers, lower case (alert messages). */
  verificationWords: Words;
  /** Operation → breaker group; operations not listed share the group named after the upstream. */
  breakerGroups: Readonly<Record<string, string>>;
  /** Built-in cache lifetimes by operation; configuration merges over them. An operation not listed is not cached. */
  cacheOperations: Readonly<Record<string, CacheLifetimes>>;
  /** The verification type it answers and its pipeline operation (never a lookup's name: never from the cache). */
  verification: { type: string; operation: string };
  /** Drain settings when the configuration names none. */
  drainDefaults: DrainSettings;
}

const drainDefaults = { ratePerSecond: 5, concurrency: 4 };

export const POPULATION = {
  name: 'population',
  configKey: 'population',
  displayName: { vi: 'CSDL quốc gia về dân cư', en: 'National population database' },
  lookups: { vi: 'tra cứu thông tin công dân', en: 'citizen lookups' },
  verificationWords: { vi: 'xác thực công dân', en: 'citizen identity verifications' },
  // Its lookups and verifications are separate LGSP services that fail apart.
  breakerGroups: { lookupCitizen: 'tra-cuu', verifyIdentity: 'xac-thuc' },
  // Citizen data changes rarely but matters.
  cacheOperations: { lookupCitizen: { freshTtlSeconds: 300, staleTtlSeconds: 86_400, notFoundTtlSeconds: 60 } },
  verification: { type: 'citizen-identity', operation: 'verifyIdentity' },
  drainDefaults,
} as const satisfies UpstreamDescription;

export const CIVIL_STATUS = {
  name: 'civil-status',
  configKey: 'civilStatus',
  displayName: { vi: 'Hệ thống hộ tịch điện tử', en: 'Civil-status registry' },
  lookups: { vi: 'tra cứu hộ tịch (khai sinh, kết hôn, khai tử)', en: 'civil-status lookups (births, marriages, deaths)' },
  verificationWords: { vi: 'xác nhận tình trạng hôn nhân', en: 'marital-status verifications' },
  breakerGroups: {},
  cacheOperations: {
    findBirths: { freshTtlSeconds: 600, staleTtlSeconds: 86_400, notFoundTtlSeconds: 60 },
    findMarriages: { freshTtlSeconds: 300, staleTtlSeconds: 86_400, notFoundTtlSeconds: 60 },
    findDeaths: { freshTtlSeconds: 600, staleTtlSeconds: 86_400, notFoundTtlSeconds: 60 },
    maritalStatus: { freshTtlSeconds: 300, staleTtlSeconds: 86_400, notFoundTtlSeconds: 60 },
  },
  verification: { type: 'marital-status', operation: 'verifyMaritalStatus' },
  drainDefaults,
} as const satisfies UpstreamDescription;

export const LAND = {
  name: 'land',
  configKey: 'land',
  displayName: { vi: 'Hệ thống thông tin đất đai', en: 'Land information system' },
  lookups: { vi: 'tra cứu thửa đất và giấy chứng nhận', en: 'parcel and certificate lookups' },
  verificationWords: { vi: 'xác minh thửa đất', en: 'land-parcel verifications' },
  breakerGroups: {},
  // Land data changes even more rarely.
  cacheOperations: {
    findParcel: { freshTtlSeconds: 3_600, staleTtlSeconds: 604_800, notFoundTtlSeconds: 300 },
    findParcelByCertificate: { freshTtlSeconds: 3_600, staleTtlSeconds: 604_800, notFoundTtlSeconds: 300 },
  },
  verification: { type: 'land-parcel', operation: 'verifyParcel' },
  drainDefaults,
} as const satisfies UpstreamDescription;

/** In the order the status page, /v1/status and alerts list them. */
export const BUILT_IN_UPSTREAMS = [POPULATION, CIVIL_STATUS, LAND] as const;

/** The built-in upstreams' names; a further upstream is registered at start (src/upstreams/registry.ts). */
export type UpstreamName = (typeof BUILT_IN_UPSTREAMS)[number]['name'];
