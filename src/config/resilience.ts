// Per-upstream resilience settings (breaker, retry, budget, bulkhead, cache), with the defaults the README
// justifies. Units are in the key names.
import { z } from 'zod';

const CacheOperationSchema = z.object({
  freshTtlSeconds: z.number().int().min(0).describe('An answer is served without asking the upstream while younger than this.'),
  staleTtlSeconds: z.number().int().min(0).describe('An answer is served, marked stale, when the upstream fails, while younger than this.'),
  notFoundTtlSeconds: z.number().int().min(0).default(60).describe('"Not found" answers are remembered this long (errors never are).'),
}).strict();

export const ResilienceSchema = z.object({
  breakerGroups: z.record(z.string(), z.string()).default({})
    .describe('Operation → breaker group, merged over the built-in ones (population: `lookupCitizen` → `tra-cuu`, `verifyIdentity` → `xac-thuc`); operations not listed share the group named after the upstream.'),
  breaker: z.object({
    errorThresholdPercentage: z.number().min(1).max(100).default(50).describe('Share of failed calls in the window, in %, that opens the breaker.'),
    volumeThreshold: z.number().int().min(1).default(10).describe('Calls in the window before the breaker may open.'),
    rollingWindowMs: z.number().int().min(1_000).default(10_000).describe('The window the breaker counts calls in, ms.'),
    resetTimeoutMs: z.number().int().min(100).default(5_000).describe('How long the breaker stays open before it lets one trial call through, ms.'),
    maxResetTimeoutMs: z.number().int().min(100).default(60_000).describe('The open time doubles after each failed trial call, up to this, ms.'),
  }).strict().default({ errorThresholdPercentage: 50, volumeThreshold: 10, rollingWindowMs: 10_000, resetTimeoutMs: 5_000, maxResetTimeoutMs: 60_000 })
    .describe('The circuit breaker: stops calling an upstream that keeps failing, and answers at once instead.'),
  retry: z.object({
    maxAttempts: z.number().int().min(1).max(10).default(3).describe('Attempts of one call, the first included; only transient errors are retried.'),
    baseDelayMs: z.number().int().min(1).default(100).describe('First backoff ceiling, ms; doubles per attempt (full jitter).'),
    maxDelayMs: z.number().int().min(1).default(1_000).describe('Upper bound of the backoff ceiling, ms.'),
    retryAfterCapMs: z.number().int().min(0).default(2_000)
      .describe("Longest `Retry-After` the gateway waits for, ms; an upstream asking for longer is not retried."),
  }).strict().default({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, retryAfterCapMs: 2_000 })
    .describe('Retries of transient failures (timeouts, resets, 5xx, busy), with exponential backoff and full jitter.'),
  retryBudget: z.object({
    ratio: z.number().min(0).max(1).default(0.2).describe('Retries allowed as a share of calls in the window.'),
    windowMs: z.number().int().min(1_000).default(10_000).describe('The rolling window the budget counts calls and retries in, ms.'),
    minRetriesPerWindow: z.number().int().min(0).default(3).describe('Retries allowed in the window on top of the ratio, so that light traffic can still retry.'),
  }).strict().default({ ratio: 0.2, windowMs: 10_000, minRetriesPerWindow: 3 })
    .describe('Caps retries as a share of calls, so that an upstream at 100 % errors sees about 1.2× its load, not 3×.'),
  bulkhead: z.object({
    maxConcurrent: z.number().int().min(1).default(32).describe('Calls in flight to this upstream at most.'),
    maxQueue: z.number().int().min(0).default(64)
      .describe('Calls waiting for a slot at most, shared fairly between API keys; beyond it a call is shed (503 overloaded).'),
    queueTimeoutMs: z.number().int().min(0).default(250).describe('Longest a call waits for a slot (or less, to its deadline), ms.'),
  }).strict().default({ maxConcurrent: 32, maxQueue: 64, queueTimeoutMs: 250 })
    .describe('Caps the calls in flight to this upstream; shedding beats queueing behind a dying upstream.'),
  cache: z.object({
    maxEntries: z.number().int().min(1).default(10_000).describe("Answers kept in this upstream's cache at most."),
    maxBytes: z.number().int().min(1_024).default(50_000_000).describe("Size of this upstream's cache at most, bytes."),
    operations: z.record(z.string(), CacheOperationSchema).default({})
      .describe('Cache lifetimes by operation (`lookupCitizen`, `findBirths`, `findParcel`…), merged over the built-in ones: citizen 300/86400/60 s, births and deaths 600/86400/60 s, marriages and marital status 300/86400/60 s, parcels and certificates 3600/604800/300 s. An operation without lifetimes is not cached.'),
    communeConfirmationSeconds: z.number().int().min(0).default(3_600)
      .describe('A cached answer (fresh or stale) reaches a commune only if the upstream itself answered that commune for that operation within this many seconds; a refusal (not provisioned, not permitted) withdraws it at once.'),
  }).strict().default({ maxEntries: 10_000, maxBytes: 50_000_000, operations: {}, communeConfirmationSeconds: 3_600 })
    .describe('The answer cache: fresh answers spare the upstream, stale ones are served (marked) while it fails.'),
}).strict();

export type ResilienceConfig = z.infer<typeof ResilienceSchema>;
