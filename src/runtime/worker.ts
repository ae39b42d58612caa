// Entry point on Cloudflare Workers (wrangler.toml `main`): `fetch` serves the gateway's Hono app; `scheduled`
// (the crons in wrangler.toml) runs what Node runs on timers: probes, judgement and alerts, queue drains, callback
// deliveries and key rereads every minute, ticket and audit retention once a night. After each request (waitUntil)
// its audit rows are written, and an upstream it queued a verification for is drained: a minute is too coarse for
// a citizen waiting at the counter.
import type { UpstreamName } from '../domain/errors.ts';
import { createWorkerGateway, type WorkerEnv, type WorkerGateway } from './worker-gateway.ts';

/** The slice of the Workers ExecutionContext used here. */
interface ExecutionContext {
  waitUntil(work: Promise<unknown>): void;
}

/** (Not exported: workerd takes every export of the entry for a handler.) The nightly retention cron of wrangler.toml (20:17 UTC = 03:17 in Hà Nội); every other cron is the minute beat. */
const PURGE_CRON = '17 20 * * *';
/** Drain time per upstream per invocation, ms: under the 30 s a cron or waitUntil may run after its trigger. */
const DRAIN_BUDGET_MS = 20_000;

// One gateway per isolate, built on the first event: breakers, caches and health live as long as the isolate.
let gateway: Promise<WorkerGateway> | undefined;
function gatewayFor(env: WorkerEnv): Promise<WorkerGateway> {
  gateway ??= createWorkerGateway(env).catch((error: unknown) => {
    gateway = undefined; // a bad config or binding is retried on the next event, not cached as a broken isolate
    throw error;
  });
  return gateway;
}

async function drainAll(ready: WorkerGateway, upstreams: readonly UpstreamName[]): Promise<void> {
  await Promise.all(upstreams.map((upstream) => ready.drain(upstream, DRAIN_BUDGET_MS)));
}

/** Runs one job and logs its failure, so one failing job never stops the others of the same trigger. */
async function job(ready: WorkerGateway, name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    ready.logger.error({ err: error, job: name }, 'scheduled job failed');
  }
}

export default {
  async fetch(request: Request, env: WorkerEnv, context: ExecutionContext): Promise<Response> {
    const ready = await gatewayFor(env);
    const response = await ready.fetch(request);
    const queued = ready.takeQueued();
    context.waitUntil(Promise.all([
      job(ready, 'after-request', () => ready.afterRequest()),
      queued.length > 0 ? job(ready, 'drain', () => drainAll(ready, queued)) : undefined,
    ]));
    return response;
  },

  async scheduled(controller: { cron: string }, env: WorkerEnv, context: ExecutionContext): Promise<void> {
    const ready = await gatewayFor(env);
    if (controller.cron === PURGE_CRON) {
      context.waitUntil(job(ready, 'purge', () => ready.purge()));
      return;
    }
    context.waitUntil(Promise.all([
      job(ready, 'probe', () => ready.probe()),
      job(ready, 'drain', () => drainAll(ready, ready.upstreams)),
    ]).then(() => Promise.all([
      job(ready, 'deliver', () => ready.deliver()),
      // The replays' audit rows, and the keys reread when due.
      job(ready, 'after-request', () => ready.afterRequest()),
    ])));
  },
};
