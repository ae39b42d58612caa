// Per-client rate limits: the allowance every API key gets, the demo key's, and the shape of a client's own
// override (clients[].rateLimit). Units are in the key names.
import { z } from 'zod';

/**
 * An API key's allowance, counted as a token bucket (src/resilience/rate-limit-bucket.ts): up to `burst` requests at once,
 * refilled at `requestsPerSecond`. Announced in the IETF RateLimit-Policy field as `burst` per burst ÷ rate seconds.
 */
export const RateLimitSchema = z.object({
  requestsPerSecond: z.number().int().min(1).describe('Requests per second on average.'),
  burst: z.number().int().min(1)
    .describe('Requests at once; the bucket refills at requestsPerSecond. Beyond it: 429 with Retry-After.'),
}).strict().refine((limit) => limit.burst >= limit.requestsPerSecond, { message: 'burst must be at least requestsPerSecond', path: ['burst'] });
export type RateLimitConfig = z.infer<typeof RateLimitSchema>;

/**
 * A commune's staff make a few requests per second at most; 20/s with bursts of 100 (a household's batch of
 * checks, a backlog resent after an outage) is several times that, yet keeps one key from filling the shared
 * upstream bulkheads on its own.
 */
const DEFAULT_LIMIT = { requestsPerSecond: 20, burst: 100 };
/** The demo key serves demos, end-to-end tests and load tests against synthetic data only. */
const DEMO_KEY_LIMIT = { requestsPerSecond: 1_000, burst: 10_000 };

export const RateLimitsSchema = z.object({
  default: RateLimitSchema.default(DEFAULT_LIMIT)
    .describe("The allowance of every client key without its own `rateLimit`; keeps one key from filling the shared upstream bulkheads alone."),
  demoKey: RateLimitSchema.default(DEMO_KEY_LIMIT)
    .describe("The allowance of the simulators' demo key (`simulators.demoApiKey`): demos, end-to-end and load tests on synthetic data."),
}).strict();
