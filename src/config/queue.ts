// The verification queue's settings: where tickets are stored, the sync budget, how fast each upstream is
// drained after an outage, retries, expiry and callback delivery. Units are in the key names.
import { z } from 'zod';
import { SecretSchema } from './secret.ts';
import { byConfigKey } from '../upstreams/registry.ts';

const DrainSchema = z.object({
  ratePerSecond: z.number().positive().max(1_000).default(5).describe('Replays started per second, at most.'),
  concurrency: z.number().int().min(1).max(256).default(4)
    .describe("Replays in flight, at most (kept below the upstream's bulkhead, leaving room for live lookups)."),
}).strict();
/** One schema object per distinct default, so that the configuration reference lists shared keys once. */
const drainSchemas = new Map<string, ReturnType<typeof DrainSchema.default>>();
const drainOf = (drainDefaults: { ratePerSecond: number; concurrency: number }) => {
  const key = JSON.stringify(drainDefaults);
  if (!drainSchemas.has(key)) {
    drainSchemas.set(key, DrainSchema.default({ ...drainDefaults }).describe('How hard the drainer pushes this upstream when it recovers: it just fell over under load.'));
  }
  return drainSchemas.get(key)!;
};

export const QueueSchema = z.object({
  databasePath: z.string().min(1).default('data/gateway.sqlite')
    .describe('The SQLite store (tickets, callbacks, health figures, incidents, alert outbox, audit log), relative to the working folder; created with its folder if missing.'),
  postgres: z.object({
    connectionString: SecretSchema.describe('`postgres://user:password@host:5432/db`; as a secret, since it holds the password.'),
    schema: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lowercase schema name').default('public').describe('The PostgreSQL schema of the tables.'),
    maxConnections: z.number().int().min(1).max(100).default(10).describe("Connections in this instance's pool."),
  }).strict().optional().describe('Deprecated: use store.postgres, which keeps every store (not only tickets) in PostgreSQL. Still honoured for tickets alone, with a warning at start.'),
  syncBudgetMs: z.number().int().min(0).max(30_000).default(2_000)
    .describe('Longest a POST /v1/verifications waits for the upstream before answering 202 with a ticket, ms.'),
  leaseMs: z.number().int().min(1_000).max(3_600_000).default(30_000)
    .describe("A drainer's hold on a ticket, ms; a crashed instance's tickets are taken again after it. Must exceed upstream deadlines plus sentCallGraceMs."),
  sentCallGraceMs: z.number().int().min(0).max(600_000).default(20_000)
    .describe("How long past its deadline a verification call already sent to the upstream may run, ms: the upstream may still perform it, so it is waited for (the ticket stays leased, the answer completes it even after a 202) rather than abandoned and sent again. leaseMs must exceed the deadline plus this."),
  maxAttempts: z.number().int().min(1).max(1_000).default(20).describe('Upstream attempts (the synchronous one included) before a ticket fails for good.'),
  backoff: z.object({
    baseMs: z.number().int().min(10).default(5_000).describe('First wait before a ticket is retried, ms; doubles per attempt.'),
    maxMs: z.number().int().min(10).default(300_000).describe('Longest wait before a ticket is retried, ms.'),
  }).strict().default({ baseMs: 5_000, maxMs: 300_000 })
    .describe('Wait before retrying a ticket: equal-jitter exponential from baseMs, capped at maxMs.'),
  pollIntervalMs: z.number().int().min(10).max(60_000).default(1_000)
    .describe('Pause between looks at an empty or paused queue, ms (a new ticket or a freed slot wakes the drainer at once).'),
  drain: z.object(byConfigKey((upstream) => drainOf(upstream.drainDefaults))).strict()
    .default(byConfigKey((upstream) => ({ ...upstream.drainDefaults })))
    .describe('How fast each upstream is drained of its waiting tickets after an outage.'),
  expiry: z.object({
    afterMs: z.number().int().min(1_000).optional().describe('A fixed lifetime instead, ms.'),
    endOfWorkingDay: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm').default('17:00').describe('Local time (`HH:mm`) a working day ends.'),
    utcOffsetMinutes: z.number().int().min(-720).max(840).default(420)
      .describe('The local time zone, minutes east of UTC (Asia/Ho_Chi_Minh: UTC+7, no daylight saving).'),
    workingDays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]).describe('Working days, 1 = Monday … 7 = Sunday.'),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-MM-dd')).default([]).describe('Local dates (`yyyy-MM-dd`) that are not working days.'),
  }).strict().prefault({})
    .describe('When an unfinished ticket expires (and ends with a clear reason): the end of the next working day, local time, unless afterMs is set.'),
  maxOpenTicketsPerClient: z.number().int().min(1).max(1_000_000).default(1_000)
    .describe('Queued or in-progress tickets one API key may have at once; a new verification beyond them is refused (429).'),
  retention: z.object({
    resultsDays: z.number().int().min(1).max(366).default(7).describe('Days an ended ticket keeps its result and case id for the client to fetch.'),
    outcomeDays: z.number().int().min(2).max(3_660).default(365)
      .describe('Days the outcome record (no personal data, for statistics) is kept after the end; then deleted. Must exceed resultsDays.'),
    purgeIntervalMinutes: z.number().int().min(1).max(1_440).default(15).describe('Minutes between two runs of the purge (it also runs at start).'),
  }).strict().refine((retention) => retention.outcomeDays > retention.resultsDays, {
    message: 'outcomeDays must exceed resultsDays', path: ['outcomeDays'],
  }).prefault({}).describe('How long ended tickets keep personal data (src/queue/retention.ts).'),
  delivery: z.object({
    concurrency: z.number().int().min(1).max(64).default(4).describe('Callbacks being delivered at once.'),
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000).describe("One callback POST's time limit, ms."),
  }).strict().default({ concurrency: 4, timeoutMs: 10_000 })
    .describe("Delivery of verification results to the clients' callback URLs (signed, retried)."),
}).strict();

export type QueueConfig = z.infer<typeof QueueSchema>;
