// The verification service behind POST /v1/verifications: store the ticket first (leased to this request),
// then try the upstream within the sync budget; answer with the result, or give the ticket to the drainer.
// Because the ticket is committed before any upstream call, a 202 can never be sent for a ticket that is not
// stored, and a second request with the same key sees the first one's lease (409) or its outcome.
import type { UpstreamName } from '../domain/errors.ts';
import { safeQueueListener, type QueueListener } from './events.ts';
import { fingerprint } from './fingerprint.ts';
import { callbackMessage } from './callback.ts';
import { decideAfterFailure, type RetryPolicy } from './outcome.ts';
import { outcomeRecord, retentionStage, type RetentionPolicy } from './retention.ts';
import type { Performer } from './perform.ts';
import type { ListFilter, TicketStore } from './store.ts';
import { OPERATION_OF, SYNC_OWNER_PREFIX, UPSTREAM_OF, type Ticket, type VerificationType } from './types.ts';

type AttemptOutcome = { answer: Awaited<ReturnType<Performer>> } | { error: unknown };

/** The sync attempt is bounded by its own deadline, not by the caller: it may finish after the answer. */
// Made on first use, not at load: workerd refuses an AbortController in a module's global scope.
let neverAborted: AbortSignal | undefined;

/** Resolves 'budget-over' after `ms`, or at once when the caller goes away. */
function budgetOver(ms: number, callerGone: AbortSignal): Promise<'budget-over'> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      callerGone.removeEventListener('abort', done);
      resolve('budget-over');
    };
    const timer = setTimeout(done, Math.max(0, ms));
    if (callerGone.aborted) done();
    else callerGone.addEventListener('abort', done, { once: true });
  });
}

/** True once the sync request holding this lease has answered its caller (its owner says by when: `sync:<id>@<ms>`). */
function answeredBy(owner: string, at: number): boolean {
  const answerBy = Number(owner.slice(owner.lastIndexOf('@') + 1));
  return owner.includes('@') && Number.isFinite(answerBy) && at > answerBy;
}

/** The fields `store.finish` sets on every ended ticket, so the stored row need not be read back. */
const endedNow = (at: number) => ({ leaseOwner: null, leaseUntil: null, endedAt: at, updatedAt: at });

/** The request body, validated by the route. */
export interface VerificationBody {
  type: VerificationType;
  subject: Record<string, unknown>;
  callbackUrl?: string | undefined;
  /** A citizen is waiting at the counter. Default false: priority must be an explicit claim, or every ticket would have it. */
  citizenWaiting?: boolean | undefined;
}

export interface SubmitRequest {
  /** The API client (scope of idempotency keys). */
  client: string;
  idempotencyKey: string;
  communeCode: string;
  officerId: string;
  purpose: string;
  caseId?: string | undefined;
  body: VerificationBody;
  /** The HTTP request's signal: if the caller goes away, the ticket is queued rather than lost. */
  signal: AbortSignal;
  /** Epoch ms by which the HTTP request must be answered. */
  deadlineAt: number;
}

export type SubmitResult =
  | { kind: 'completed'; ticket: Ticket }
  | { kind: 'queued'; ticket: Ticket; position: number }
  | { kind: 'failed'; ticket: Ticket }
  /** The first request with this key is still being answered. */
  | { kind: 'in-flight'; ticket: Ticket }
  /** The key was used with another body. */
  | { kind: 'key-reused'; ticket: Ticket }
  /** The client already has its quota of open tickets; nothing was stored. */
  | { kind: 'over-quota'; openTickets: number; limit: number };

export interface VerificationServiceOptions {
  store: TicketStore;
  perform: Performer;
  /** True while the breaker in front of this upstream operation is open: no sync attempt is made. */
  isOpen: (upstream: UpstreamName, operation: string) => boolean;
  /** Longest time spent on the upstream before answering 202, ms. Default 2000. */
  syncBudgetMs?: number;
  /** Extra lease time beyond the sync budget, for storing the outcome, ms. Default 5000. */
  syncLeaseGraceMs?: number;
  /**
   * How long past its deadline the sync attempt, once sent, may run (the performer's `sentCallGraceMs`), ms: the
   * ticket's lease covers it, so no drainer replays a verification the upstream may still be performing. Default 0.
   */
  sentCallGraceMs?: number;
  retry: RetryPolicy;
  /** Queued or in-progress tickets one client may have; a new key beyond them is refused. Default 1000. */
  maxOpenTicketsPerClient?: number;
  /** How long ended tickets keep their result and their outcome record. Default 7 and 365 days. */
  retention?: RetentionPolicy;
  /** Expiry time of a ticket created at the given epoch ms. */
  expiresAt: (createdAt: number) => number;
  /** Called when a ticket is queued (to wake the upstream's drainer). */
  onQueued?: (upstream: UpstreamName) => void;
  now: () => number;
  newId: () => string;
  random: () => number;
  onEvent?: QueueListener;
}

export interface VerificationService {
  submit(request: SubmitRequest): Promise<SubmitResult>;
  /** The ticket if one of `communes` may see it, with its place in line while unfinished. */
  get(id: string, communes: readonly string[]): Promise<{ ticket: Ticket; position?: number } | undefined>;
  /** Tickets past their results period read as their outcome record, even before the purge has run. */
  list(filter: ListFilter): ReturnType<TicketStore['list']>;
  /** How long ended tickets keep their result, then their outcome record. */
  readonly retention: RetentionPolicy;
  /**
   * Waits up to `graceMs` for attempts that outlived their 202 to record their outcome; a ticket whose attempt is
   * still running then goes back to the queue (its lease released, the attempt not counted) for a drainer.
   */
  close(graceMs: number): Promise<void>;
}

export const DEFAULT_RETENTION: RetentionPolicy = { resultsDays: 7, outcomeDays: 365 };

export function createVerificationService(options: VerificationServiceOptions): VerificationService {
  const { store, now } = options;
  const emit = safeQueueListener(options.onEvent);
  const syncBudgetMs = options.syncBudgetMs ?? 2_000;
  const graceMs = options.syncLeaseGraceMs ?? 5_000;
  const sentCallGraceMs = options.sentCallGraceMs ?? 0;
  const maxOpen = options.maxOpenTicketsPerClient ?? 1_000;
  const retention = options.retention ?? DEFAULT_RETENTION;

  /** The ticket as the client may still see it now: whole, its outcome only, or nothing. */
  function retained(ticket: Ticket): Ticket | undefined {
    const stage = retentionStage(ticket, now(), retention);
    if (stage === 'deleted') return undefined;
    return stage === 'outcome' ? outcomeRecord(ticket, now()) : ticket;
  }

  async function queued(ticket: Ticket): Promise<SubmitResult> {
    emit({ type: 'ticket-queued', upstream: ticket.upstream, ticketId: ticket.id, communeCode: ticket.communeCode, at: now() });
    options.onQueued?.(ticket.upstream);
    return { kind: 'queued', ticket, position: await store.position(ticket) };
  }

  async function replay(ticket: Ticket, bodyHash: string): Promise<SubmitResult> {
    if (ticket.bodyHash !== bodyHash) return { kind: 'key-reused', ticket };
    const answering = ticket.status === 'in-progress' && ticket.leaseOwner?.startsWith(SYNC_OWNER_PREFIX) && (ticket.leaseUntil ?? 0) > now()
      && !answeredEarly.has(ticket.id) && !answeredBy(ticket.leaseOwner, now());
    if (answering) return { kind: 'in-flight', ticket };
    if (ticket.status === 'completed') return { kind: 'completed', ticket };
    if (ticket.status === 'failed' || ticket.status === 'expired') return { kind: 'failed', ticket };
    return { kind: 'queued', ticket, position: await store.position(ticket) };
  }

  /** The stored state, when our lease was lost (it lapsed and a drainer took the ticket). */
  async function current(id: string, bodyHash: string): Promise<SubmitResult> {
    const ticket = await store.get(id);
    if (!ticket) throw new Error(`ticket ${id} vanished from the store`);
    return replay(ticket, bodyHash);
  }

  /** Tickets answered with 202 whose sync attempt is still running: a repeat gets the ticket, not a 409. */
  const answeredEarly = new Set<string>();
  /** Those attempts' completions, so that close() can wait for them and give back the ones that outlast it. */
  const lateCompletions = new Map<string, { ticket: Ticket; owner: string; done: Promise<void> }>();

  /** Records a late attempt's outcome. Never rejects: a store failure is an event, and the lease lapses to a drainer. */
  function completeLate(ticket: Ticket, attempt: Promise<AttemptOutcome>, owner: string): void {
    const done = attempt
      .then((outcome) => conclude(ticket, outcome, owner, true))
      .then(() => undefined, (error: unknown) => {
        emit({ type: 'completion-error', upstream: ticket.upstream, ticketId: ticket.id, message: error instanceof Error ? error.message : String(error), at: now() });
      })
      .finally(() => {
        answeredEarly.delete(ticket.id);
        lateCompletions.delete(ticket.id);
      });
    lateCompletions.set(ticket.id, { ticket, owner, done });
  }

  /**
   * Records the sync attempt's outcome under `owner`'s lease: completed, ended for good, or back in the queue.
   * `late` (the caller already has a 202): a callback is written with the end. Undefined when the lease was lost.
   */
  async function conclude(ticket: Ticket, outcome: AttemptOutcome, owner: string, late: boolean): Promise<SubmitResult | undefined> {
    const at = now();
    if ('answer' in outcome) {
      const { value, fetchedAt } = outcome.answer;
      const end = { status: 'completed', result: value, fetchedAt } as const;
      const outbox = late ? callbackMessage(ticket, end, at, options.newId) : undefined;
      if (!(await store.finish(ticket.id, end, { now: at, owner, attempts: 1, outbox }))) return undefined;
      return { kind: 'completed', ticket: { ...ticket, status: 'completed', attempts: 1, result: value, fetchedAt, ...endedNow(at) } };
    }
    const decision = decideAfterFailure(outcome.error, ticket, at, options.retry, options.random);
    if (decision.kind === 'end') {
      // A final answer (not found, invalid, not provisioned) ends the ticket now; a caller still waiting gets it.
      // With the attempts that ended it: the failure's words count them.
      const outbox = late ? callbackMessage({ ...ticket, attempts: decision.attempts }, decision.end, at, options.newId) : undefined;
      if (!(await store.finish(ticket.id, decision.end, { now: at, owner, attempts: decision.attempts, outbox }))) return undefined;
      return { kind: 'failed', ticket: { ...ticket, ...decision.end, attempts: decision.attempts, ...endedNow(at) } };
    }
    const update = { now: at, attempts: decision.attempts, nextAttemptAt: decision.nextAttemptAt, lastError: decision.errorCode };
    if (!(await store.release(ticket.id, owner, update))) return undefined;
    return late ? undefined : queued({ ...ticket, status: 'queued', attempts: decision.attempts, nextAttemptAt: decision.nextAttemptAt, leaseOwner: null, leaseUntil: null });
  }

  return {
    async submit(request) {
      const { body } = request;
      const normalised = {
        communeCode: request.communeCode,
        type: body.type,
        subject: body.subject,
        callbackUrl: body.callbackUrl ?? null,
        citizenWaiting: body.citizenWaiting ?? false,
      };
      const bodyHash = await fingerprint(normalised);
      const upstream = UPSTREAM_OF[body.type];
      const operation = OPERATION_OF[body.type];
      const createdAt = now();
      const open = options.isOpen(upstream, operation);
      // The owner names the time by which this request is answered (result or 202), so that a repeat reaching
      // another instance after it gets the ticket, not 409: `answeredEarly` is known to this instance only.
      const answerBy = createdAt + Math.max(0, Math.min(syncBudgetMs, request.deadlineAt - createdAt));
      const owner = `${SYNC_OWNER_PREFIX}${options.newId()}@${answerBy}`;
      const admitted = await store.admit({
        id: options.newId(),
        client: request.client,
        idempotencyKey: request.idempotencyKey,
        bodyHash,
        type: body.type,
        upstream,
        communeCode: request.communeCode,
        officerId: request.officerId,
        purpose: request.purpose,
        caseId: request.caseId ?? null,
        requestId: options.newId(),
        subject: body.subject,
        callbackUrl: normalised.callbackUrl,
        citizenWaiting: normalised.citizenWaiting,
        createdAt,
        expiresAt: options.expiresAt(createdAt),
        lease: open ? undefined : { owner, until: createdAt + syncBudgetMs + graceMs + sentCallGraceMs },
      }, maxOpen);
      if (admitted.outcome === 'over-quota') return { kind: 'over-quota', openTickets: admitted.openTickets, limit: maxOpen };
      const { ticket } = admitted;
      if (admitted.outcome === 'existing') return replay(ticket, bodyHash);
      if (open) return queued(ticket);

      // The attempt may outlive the answer: when the budget runs out (or the caller leaves) we answer 202 and let
      // the call finish under this request's lease. Abandoning it instead made the drainer send the same
      // maYeuCau again whenever the upstream answered just after the budget (seen in the peak-hour benchmark).
      // Once sent it runs past its deadline up to sentCallGraceMs, still under the lease (see perform.ts).
      const attempt = options.perform(ticket, { signal: (neverAborted ??= new AbortController().signal), deadlineAt: createdAt + syncBudgetMs + graceMs - 1_000 })
        .then((answer) => ({ answer }), (error: unknown) => ({ error }));
      const first = await Promise.race([attempt, budgetOver(Math.min(syncBudgetMs, request.deadlineAt - createdAt), request.signal)]);
      if (first === 'budget-over') {
        answeredEarly.add(ticket.id);
        completeLate(ticket, attempt, owner);
        return queued({ ...ticket, status: 'queued', leaseOwner: null, leaseUntil: null });
      }
      const ended = await conclude(ticket, first, owner, false);
      return ended ?? current(ticket.id, bodyHash);
    },
    async get(id, communes) {
      const stored = await store.get(id);
      const ticket = stored && retained(stored);
      if (!ticket || !communes.includes(ticket.communeCode)) return undefined;
      const unfinished = ticket.status === 'queued' || ticket.status === 'in-progress';
      return unfinished ? { ticket, position: await store.position(ticket) } : { ticket };
    },
    async list(filter) {
      const page = await store.list(filter);
      return { ...page, tickets: page.tickets.flatMap((ticket) => retained(ticket) ?? []) };
    },
    retention,
    async close(graceMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const graceOver = new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); });
      await Promise.race([Promise.all([...lateCompletions.values()].map((each) => each.done)), graceOver]);
      clearTimeout(timer);
      // Still running: back to the queue now rather than when the lease lapses. If the upstream did act on it, the
      // replay carries the same request id, so the upstream can tell the duplicate.
      await Promise.all([...lateCompletions.values()].map(async ({ ticket, owner }) => {
        try {
          await store.release(ticket.id, owner, { now: now(), attempts: ticket.attempts, nextAttemptAt: now(), lastError: ticket.lastError });
        } catch (error) {
          emit({ type: 'completion-error', upstream: ticket.upstream, ticketId: ticket.id, message: error instanceof Error ? error.message : String(error), at: now() });
        }
      }));
    },
  };
}
