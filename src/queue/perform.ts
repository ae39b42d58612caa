// Runs one ticket's verification against its upstream, through that upstream's pipeline, always with the
// ticket's stored maYeuCau so a retry or replay is recognisable upstream as the same request.
import type { Adapters, RequestContext } from '../adapters/contract.ts';
import type { IdentitySubject } from '../domain/citizen.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { ParcelKey } from '../domain/land.ts';
import { OPERATION_OF, type Ticket } from './types.ts';

/** The per-upstream call seam (the gateway's UpstreamCaller satisfies it). */
export interface VerificationCaller {
  execute<T>(
    call: { operation: string; key: string; signal: AbortSignal; deadlineAt: number; sentCallDeadlineAt?: number; clientKey?: string },
    operation: (context: { signal: AbortSignal }) => Promise<T>,
  ): Promise<{ value: T; outcome: { fetchedAt: number } }>;
  /** Deadline of one operation, ms. */
  deadlineMs(operation: string): number;
}

/** The queue's identity in the upstreams' bulkheads (client keys are key hashes, so it cannot clash with one). */
export const VERIFICATION_QUEUE_CLIENT = 'verification-queue';

/**
 * Calls the upstream for `ticket`: retries start only before `deadlineAt` (epoch ms), and an attempt already sent
 * runs on to `deadlineAt + sentCallGraceMs`; `signal` must not abort before that. Resolves with the canonical answer.
 */
export type Performer = (ticket: Ticket, options: { signal: AbortSignal; deadlineAt: number }) => Promise<{ value: unknown; fetchedAt: number }>;

export interface PerformerOptions {
  adapters: Adapters;
  callers: Record<UpstreamName, VerificationCaller>;
  /**
   * How long past its deadline an attempt already sent may run, ms (`queue.sentCallGraceMs`). A verification is
   * performed at most once upstream: one that timed out may still be performed there, so it is never abandoned
   * and re-sent, only waited for up to this bound. Leases must cover it. Default 0.
   */
  sentCallGraceMs?: number;
  now: () => number;
  /** An upstream registered at start (src/upstreams/definition.ts): its verification's operation and how it runs. */
  registered?: (upstream: UpstreamName) => RegisteredVerification | undefined;
}

/** How a registered upstream's verification runs: its pipeline operation and its adapter call. */
export interface RegisteredVerification {
  operation: string;
  verify(subject: Record<string, unknown>, context: RequestContext): Promise<unknown>;
}

export function createPerformer(options: PerformerOptions): Performer {
  const { adapters, callers, now } = options;
  const sentCallGraceMs = options.sentCallGraceMs ?? 0;
  return async function perform(ticket, { signal, deadlineAt }) {
    const registered = options.registered?.(ticket.upstream);
    const operation = registered?.operation ?? OPERATION_OF[ticket.type];
    const caller = callers[ticket.upstream];
    const request = {
      communeCode: ticket.communeCode,
      officerId: ticket.officerId,
      purpose: ticket.purpose,
      caseId: ticket.caseId ?? undefined,
      requestId: ticket.requestId,
    };
    const callDeadlineAt = Math.min(deadlineAt, now() + caller.deadlineMs(operation));
    const { value, outcome } = await caller.execute(
      // The key is the maYeuCau: single-flight joins only replays of this very ticket, and nothing is cached
      // under a subject (verification operations have their own names, absent from cache settings).
      // The queue is one client of the bulkhead's fair share: a backlog replayed after an outage cannot take every slot.
      {
        operation, key: `verification:${ticket.requestId}`, signal, deadlineAt: callDeadlineAt,
        sentCallDeadlineAt: callDeadlineAt + sentCallGraceMs, clientKey: VERIFICATION_QUEUE_CLIENT,
      },
      ({ signal: callSignal }): Promise<unknown> => {
        const context = { ...request, signal: callSignal };
        if (registered) return registered.verify(ticket.subject, context);
        switch (ticket.type) {
          case 'citizen-identity':
            return adapters.population.verifyIdentity(ticket.subject as unknown as IdentitySubject, context);
          case 'marital-status':
            return adapters.civilStatus.maritalStatus(String(ticket.subject['personalId']), context);
          case 'land-parcel':
            return adapters.land.findParcel(ticket.subject as unknown as ParcelKey, context);
        }
      },
    );
    return { value, fetchedAt: outcome.fetchedAt };
  };
}
