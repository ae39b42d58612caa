// The verification queue's settings: where tickets are stored, the sync budget, how fast each upstream is
// drained after an outage, retries, expiry and callback delivery. Units are in the key names.
import { z } from 'zod';

/** Same shape as SecretSchema in schema.ts (which imports this file, so it cannot be imported here). */
const secret = z.union([z.string().min(1), z.object({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name') }).strict()]);

/** How hard a recovering upstream is pushed by the drainer: it just fell over under load. */
const DrainSchema = z.object({
  /** Replays started per second, at most. */
  ratePerSecond: z.number().positive().max(1_000).default(5),
  /** Replays in flight, at most (kept below the upstream's bulkhead, leaving room for live lookups). */
  concurrency: z.number().int().min(1).max(256).default(4),
}).strict();
const drainDefault = { ratePerSecond: 5, concurrency: 4 };

export const QueueSchema = z.object({
  /** SQLite file holding tickets and callbacks (created with its folder if missing). */
  databasePath: z.string().min(1).default('data/gateway.sqlite'),
  /** Store tickets in PostgreSQL instead, so several gateway instances share one queue. */
  postgres: z.object({
    connectionString: secret,
    schema: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lowercase schema name').default('public'),
    maxConnections: z.number().int().min(1).max(100).default(10),
  }).strict().optional(),
  /** Longest a POST waits for the upstream before answering 202 with a ticket. */
  syncBudgetMs: z.number().int().min(0).max(30_000).default(2_000),
  /** A drainer's hold on a ticket; a crashed instance's tickets are taken again after it. Must exceed upstream deadlines. */
  leaseMs: z.number().int().min(1_000).max(3_600_000).default(30_000),
  /** Upstream attempts (sync one included) before a ticket fails for good. */
  maxAttempts: z.number().int().min(1).max(1_000).default(20),
  /** Wait before retrying a ticket: equal-jitter exponential from baseMs, capped at maxMs. */
  backoff: z.object({
    baseMs: z.number().int().min(10).default(5_000),
    maxMs: z.number().int().min(10).default(300_000),
  }).strict().default({ baseMs: 5_000, maxMs: 300_000 }),
  /** Pause between looks at an empty or paused queue (a new ticket or a freed slot wakes the drainer at once). */
  pollIntervalMs: z.number().int().min(10).max(60_000).default(1_000),
  drain: z.object({
    population: DrainSchema.default(drainDefault),
    civilStatus: DrainSchema.default(drainDefault),
    land: DrainSchema.default(drainDefault),
  }).strict().default({ population: drainDefault, civilStatus: drainDefault, land: drainDefault }),
  /** When an unfinished ticket expires: end of the next working day, local time, unless afterMs is set. */
  expiry: z.object({
    afterMs: z.number().int().min(1_000).optional(),
    endOfWorkingDay: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm').default('17:00'),
    /** Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
    utcOffsetMinutes: z.number().int().min(-720).max(840).default(420),
    workingDays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
    /** Local dates (yyyy-MM-dd) that are not working days. */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-MM-dd')).default([]),
  }).strict().prefault({}),
  /** Callback delivery. */
  delivery: z.object({
    concurrency: z.number().int().min(1).max(64).default(4),
    /** One POST's time limit. */
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  }).strict().default({ concurrency: 4, timeoutMs: 10_000 }),
}).strict();

export type QueueConfig = z.infer<typeof QueueSchema>;
