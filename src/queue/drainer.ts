// The drainer of one upstream: while its breaker is not open, takes queued tickets fairly, at a configured
// rate and concurrency, replays them with their stored maYeuCau, and ends or reschedules each.
import type { UpstreamName } from '../domain/errors.ts';
import { callbackMessage } from './callback.ts';
import { claimFairly } from './claim.ts';
import type { DrainSlots } from './drain-slots.ts';
import { safeQueueListener, type QueueListener } from './events.ts';
import { decideAfterFailure, expiredEnd, type RetryPolicy } from './outcome.ts';
import type { Performer } from './perform.ts';
import type { TicketStore } from './store.ts';
import { createTokenBucket, type TokenBucket } from './token-bucket.ts';
import type { Ticket, TicketEnd } from './types.ts';
import { createWorkerLoop, workerOf, type Worker } from './worker-loop.ts';

export interface DrainerOptions {
  upstream: UpstreamName;
  store: TicketStore;
  perform: Performer;
  /** True while the upstream's breaker is open: the drainer then idles (a half-open breaker lets it try). */
  isOpen: () => boolean;
  /** Upstream calls started per second, at most. */
  ratePerSecond: number;
  /** Where those starts take their tokens; default a bucket of this process. Several instances share one (src/cluster/shared-bucket.ts). */
  bucket?: TokenBucket;
  /** Upstream calls in flight, at most (this drainer's; with `slots`, the province's too). */
  concurrency: number;
  /** Slots shared by every instance, so `concurrency` caps the province's replays in flight (src/cluster/shared-slots.ts). */
  slots?: DrainSlots;
  /** How long a claimed ticket stays ours, ms; must exceed the deadline plus `sentCallGraceMs` (then no heartbeat is needed). */
  leaseMs: number;
  /** Deadline of one replay, ms. */
  callTimeoutMs: number;
  /**
   * How long past `callTimeoutMs` a replay already sent may run (the performer's `sentCallGraceMs`), ms: it is
   * waited for, under the lease, rather than abandoned and replayed again. Default 0.
   */
  sentCallGraceMs?: number;
  retry: RetryPolicy;
  /** Wait between looks at an empty or paused queue, ms. Default 1000. */
  pollIntervalMs?: number;
  /** Least time between two looks for expired tickets, ms. Default 1000. */
  expirySweepMs?: number;
  /**
   * Up to this much work (ms at the drain rate) is claimed at once and started as tokens and slots free up, so the
   * store is read about once per window instead of once per ticket. Default 1000; shortened so a prefetched
   * ticket's lease still covers its call (`leaseMs` ≥ prefetch + `callTimeoutMs` + `sentCallGraceMs` + 1 s).
   */
  prefetchMs?: number;
  /** Lease owner id of this drainer (unique per process and upstream). */
  owner: string;
  now: () => number;
  /** Abortable wait; rejects when the signal aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  newId: () => string;
  onEvent?: QueueListener;
}

/** `tick` expires, then claims and starts as many tickets as rate and concurrency allow; `stop` also gives back prefetched tickets. */
export interface Drainer extends Worker {
  /** Replays in flight. */
  inFlight(): number;
}

export function createDrainer(options: DrainerOptions): Drainer {
  const { upstream, store, now, owner } = options;
  const emit = safeQueueListener(options.onEvent);
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const bucket = options.bucket ?? createTokenBucket({ ratePerSecond: options.ratePerSecond, now });
  const lastServed = new Map<string, number>();
  let sweptAt = -Infinity;
  /** Leased to us, in fair order, not started yet. */
  let prefetched: Ticket[] = [];
  const sentCallGraceMs = options.sentCallGraceMs ?? 0;
  const safetyMs = options.callTimeoutMs + sentCallGraceMs + 1_000;
  const prefetchMs = Math.max(0, Math.min(options.prefetchMs ?? 1_000, options.leaseMs - safetyMs));
  const batchSize = Math.max(1, Math.ceil((options.ratePerSecond * prefetchMs) / 1_000));
  const slotRetryMs = Math.min(pollIntervalMs, 100);

  async function end(ticket: Ticket, outcome: TicketEnd): Promise<void> {
    const at = now();
    const outbox = callbackMessage(ticket, outcome, at, options.newId);
    if (await store.finish(ticket.id, outcome, { now: at, owner, outbox, attempts: ticket.attempts })) {
      emit({
        type: 'ticket-ended', upstream, ticketId: ticket.id, communeCode: ticket.communeCode, status: outcome.status,
        code: outcome.status === 'completed' ? null : outcome.failure.code, attempts: ticket.attempts, waitedMs: at - ticket.createdAt, at,
      });
    }
  }

  async function replay(ticket: Ticket): Promise<void> {
    try {
      const signal = AbortSignal.timeout(options.callTimeoutMs + sentCallGraceMs);
      let answer: { value: unknown; fetchedAt: number };
      try {
        answer = await options.perform(ticket, { signal, deadlineAt: now() + options.callTimeoutMs });
      } catch (error) {
        const at = now();
        const decision = decideAfterFailure(error, ticket, at, options.retry, options.random);
        if (decision.kind === 'end') return await end({ ...ticket, attempts: decision.attempts }, decision.end);
        const released = await store.release(ticket.id, owner, { now: at, attempts: decision.attempts, nextAttemptAt: decision.nextAttemptAt, lastError: decision.errorCode });
        if (released) {
          emit({ type: 'ticket-retry', upstream, ticketId: ticket.id, attempts: decision.attempts, delayMs: decision.nextAttemptAt - at, errorCode: decision.errorCode, at });
        }
        return;
      }
      await end({ ...ticket, attempts: ticket.attempts + 1 }, { status: 'completed', result: answer.value, fetchedAt: answer.fetchedAt });
    } catch (error) {
      // The store failed: the lease lapses and the ticket is taken again; nothing is lost.
      emit({ type: 'drainer-error', upstream, message: (error as Error).message, at: now() });
    }
  }

  async function expireDue(): Promise<void> {
    const at = now();
    if (at - sweptAt < (options.expirySweepMs ?? 1_000)) return;
    sweptAt = at;
    for (const ticket of await store.expiredTickets(upstream, at, 100)) {
      const outcome = expiredEnd(ticket);
      const outbox = callbackMessage(ticket, outcome, at, options.newId);
      if (await store.finish(ticket.id, outcome, { now: at, outbox })) {
        emit({ type: 'ticket-ended', upstream, ticketId: ticket.id, communeCode: ticket.communeCode, status: 'expired', code: 'expired', attempts: ticket.attempts, waitedMs: at - ticket.createdAt, at });
      }
    }
  }

  /** Gives prefetched tickets back (breaker opened, lease running short, stopping): not an attempt. */
  async function giveBack(tickets: readonly Ticket[]): Promise<void> {
    const at = now();
    for (const ticket of tickets) {
      await store.release(ticket.id, owner, { now: at, attempts: ticket.attempts, nextAttemptAt: at, lastError: ticket.lastError });
    }
  }

  function start(ticket: Ticket): void {
    bucket.take();
    loop.track(replay(ticket).finally(() => options.slots?.release(1)));
  }

  async function tick(): Promise<number> {
    await expireDue();
    if (options.isOpen()) {
      const held = prefetched;
      prefetched = [];
      await giveBack(held);
      return pollIntervalMs;
    }
    const room = Math.min(options.concurrency - loop.running, bucket.available());
    if (room <= 0) return loop.running >= options.concurrency ? pollIntervalMs : Math.max(1, bucket.msUntilNext());
    const shortLease = prefetched.filter((ticket) => (ticket.leaseUntil ?? 0) < now() + safetyMs);
    if (shortLease.length > 0) {
      prefetched = prefetched.filter((ticket) => !shortLease.includes(ticket));
      await giveBack(shortLease);
    }
    let claimedAll = false;
    if (prefetched.length === 0) {
      const limit = Math.max(room, batchSize);
      prefetched = await claimFairly(store, upstream, { owner, now: now(), leaseMs: options.leaseMs, limit, lastServed });
      claimedAll = prefetched.length < limit;
    }
    const wanted = Math.min(room, prefetched.length);
    const granted = options.slots ? await options.slots.acquire(wanted) : wanted;
    for (const ticket of prefetched.splice(0, granted)) start(ticket);
    // Every slot of the province is in use: a slot freed on another instance wakes nobody here, so look again soon.
    if (granted < wanted) return slotRetryMs;
    if (prefetched.length === 0 && (claimedAll || loop.running === 0)) return pollIntervalMs; // nothing more is due now
    return Math.max(1, bucket.msUntilNext());
  }

  const loop = createWorkerLoop({
    tick,
    sleep: options.sleep,
    errorWaitMs: pollIntervalMs,
    onError: (error) => emit({ type: 'drainer-error', upstream, message: (error as Error).message, at: now() }),
  });

  const worker = workerOf(loop, tick, async () => {
    const held = prefetched;
    prefetched = [];
    await giveBack(held).catch(() => undefined); // else their leases lapse: slower, not lost
  });
  return { ...worker, inFlight: () => loop.running };
}
