// Per-upstream resilience settings (breaker, retry, budget, bulkhead, cache), with the defaults the README
// justifies. Units are in the key names.
import { z } from 'zod';

const CacheOperationSchema = z.object({
  /** Served without asking the upstream while younger than this. */
  freshTtlSeconds: z.number().int().min(0),
  /** Served, marked stale, when the upstream fails, while younger than this. */
  staleTtlSeconds: z.number().int().min(0),
  /** "Not found" answers are remembered this long (never errors). */
  notFoundTtlSeconds: z.number().int().min(0).default(60),
}).strict();

export const ResilienceSchema = z.object({
  /** Operation → breaker group; operations not listed share the group named after the upstream. */
  breakerGroups: z.record(z.string(), z.string()).default({}),
  breaker: z.object({
    errorThresholdPercentage: z.number().min(1).max(100).default(50),
    volumeThreshold: z.number().int().min(1).default(10),
    rollingWindowMs: z.number().int().min(1_000).default(10_000),
    resetTimeoutMs: z.number().int().min(100).default(5_000),
    maxResetTimeoutMs: z.number().int().min(100).default(60_000),
  }).strict().default({ errorThresholdPercentage: 50, volumeThreshold: 10, rollingWindowMs: 10_000, resetTimeoutMs: 5_000, maxResetTimeoutMs: 60_000 }),
  retry: z.object({
    maxAttempts: z.number().int().min(1).max(10).default(3),
    baseDelayMs: z.number().int().min(1).default(100),
    maxDelayMs: z.number().int().min(1).default(1_000),
    retryAfterCapMs: z.number().int().min(0).default(2_000),
  }).strict().default({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, retryAfterCapMs: 2_000 }),
  retryBudget: z.object({
    /** Retries allowed as a share of calls in the window. */
    ratio: z.number().min(0).max(1).default(0.2),
    windowMs: z.number().int().min(1_000).default(10_000),
    minRetriesPerWindow: z.number().int().min(0).default(3),
  }).strict().default({ ratio: 0.2, windowMs: 10_000, minRetriesPerWindow: 3 }),
  bulkhead: z.object({
    maxConcurrent: z.number().int().min(1).default(32),
    maxQueue: z.number().int().min(0).default(64),
    queueTimeoutMs: z.number().int().min(0).default(250),
  }).strict().default({ maxConcurrent: 32, maxQueue: 64, queueTimeoutMs: 250 }),
  cache: z.object({
    maxEntries: z.number().int().min(1).default(10_000),
    maxBytes: z.number().int().min(1_024).default(50_000_000),
    operations: z.record(z.string(), CacheOperationSchema).default({}),
  }).strict().default({ maxEntries: 10_000, maxBytes: 50_000_000, operations: {} }),
}).strict();

export type ResilienceConfig = z.infer<typeof ResilienceSchema>;

/** Cache defaults per upstream: citizen data changes rarely but matters; land data changes even more rarely. */
export const DEFAULT_CACHE_OPERATIONS = {
  population: { lookupCitizen: { freshTtlSeconds: 300, staleTtlSeconds: 86_400, notFoundTtlSeconds: 60 } },
  civilStatus: {
    findBirths: { freshTtlSeconds: 600, staleTtlSeconds: 86_400, notFoundTtlSeconds: 60 },
    findMarriages: { freshTtlSeconds: 300, staleTtlSeconds: 86_400, notFoundTtlSeconds: 60 },
    findDeaths: { freshTtlSeconds: 600, staleTtlSeconds: 86_400, notFoundTtlSeconds: 60 },
    maritalStatus: { freshTtlSeconds: 300, staleTtlSeconds: 86_400, notFoundTtlSeconds: 60 },
  },
  land: {
    findParcel: { freshTtlSeconds: 3_600, staleTtlSeconds: 604_800, notFoundTtlSeconds: 300 },
    findParcelByCertificate: { freshTtlSeconds: 3_600, staleTtlSeconds: 604_800, notFoundTtlSeconds: 300 },
  },
} as const;

/** The population system's lookups and verifications are separate LGSP services that fail apart. */
export const DEFAULT_BREAKER_GROUPS = {
  population: { lookupCitizen: 'tra-cuu', verifyIdentity: 'xac-thuc' },
  civilStatus: {},
  land: {},
} as const;
