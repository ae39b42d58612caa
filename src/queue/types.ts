// The verification ticket: what a commune asked to verify, where it stands, and how it ended.
import type { UpstreamName } from '../domain/errors.ts';
import { BUILT_IN_UPSTREAMS } from '../domain/upstreams.ts';

/** The kinds of verification a commune can request: one per upstream, named in its registry description. */
export type VerificationType = (typeof BUILT_IN_UPSTREAMS)[number]['verification']['type'];

/** Which upstream answers each verification type. */
export const UPSTREAM_OF = Object.fromEntries(BUILT_IN_UPSTREAMS.map((upstream) => [upstream.verification.type, upstream.name])) as Record<VerificationType, UpstreamName>;

/**
 * Pipeline operation name of each type. Deliberately not the lookups' names (`maritalStatus`, `findParcel`):
 * a verification is evidence for a dossier and must come from the upstream now, never from the lookup cache.
 */
export const OPERATION_OF = Object.fromEntries(BUILT_IN_UPSTREAMS.map((upstream) => [upstream.verification.type, upstream.verification.operation])) as Record<VerificationType, string>;

/**
 * `in-progress`: leased to a worker (the synchronous request or a drainer) until `leaseUntil`;
 * `queued`: waiting for its upstream; `completed`, `failed`, `expired`: ended, never change again.
 */
export type TicketStatus = 'in-progress' | 'queued' | 'completed' | 'failed' | 'expired';
export const TICKET_STATUSES: readonly TicketStatus[] = ['in-progress', 'queued', 'completed', 'failed', 'expired'];

/**
 * Why a ticket ended without a result. Upstream final answers keep their error code (`not-found`,
 * `invalid-input`, `not-provisioned`); `attempts-exhausted` and `expired` are the queue's own.
 */
export interface TicketFailure {
  code: string;
  /** The English words of failure-text.ts, kept with the ticket for operators; no personal data. */
  detail: string;
}

/** Prefix of the lease owner of a ticket held by the synchronous POST that created it. */
export const SYNC_OWNER_PREFIX = 'sync:';

/**
 * A ticket as stored. Times are epoch ms. `subject` and `officerId` are personal data: store only, never logs.
 * Retention (src/queue/retention.ts): when the ticket ends, `subject` becomes `{}` and `officerId`, `purpose` empty;
 * after `retention.resultsDays` the result, case id, key and fingerprint go too (`reducedAt`).
 */
export interface Ticket {
  id: string;
  /** The API client that created it; idempotency keys are unique per client. */
  client: string;
  idempotencyKey: string;
  /** SHA-256 (hex) of the canonical request body: same key with another body is refused. */
  bodyHash: string;
  type: VerificationType;
  upstream: UpstreamName;
  /** The commune acting (maDonVi); decides who may see the ticket. */
  communeCode: string;
  officerId: string;
  purpose: string;
  caseId: string | null;
  /** maYeuCau: generated once, carried by every attempt and replay so the upstream can spot duplicates. */
  requestId: string;
  subject: Record<string, unknown>;
  callbackUrl: string | null;
  /** A citizen is waiting at the counter: served before other tickets (still fair across communes). */
  citizenWaiting: boolean;
  status: TicketStatus;
  /** Upstream attempts made so far (calls refused by an open breaker do not count). */
  attempts: number;
  /** Not claimed before this time (backoff). */
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  /** Code of the last transient failure, for operators. */
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  /** When a still unfinished ticket ends as `expired`. */
  expiresAt: number;
  endedAt: number | null;
  /** The canonical upstream answer, when completed. */
  result: unknown;
  /** When the upstream produced `result`. */
  fetchedAt: number | null;
  failure: TicketFailure | null;
  /** When the ticket was reduced to its outcome record (no result, case id or key); null before. */
  reducedAt: number | null;
}

/** What the service supplies to create a ticket; the rest starts at defaults. */
export type NewTicket = Pick<
  Ticket,
  | 'id' | 'client' | 'idempotencyKey' | 'bodyHash' | 'type' | 'upstream' | 'communeCode' | 'officerId' | 'purpose'
  | 'caseId' | 'requestId' | 'subject' | 'callbackUrl' | 'citizenWaiting' | 'createdAt' | 'expiresAt'
> & {
  /** Created `in-progress` leased to this owner (the synchronous attempt), or `queued` when absent. */
  lease?: { owner: string; until: number } | undefined;
};

/** How a ticket ends. */
export type TicketEnd =
  | { status: 'completed'; result: unknown; fetchedAt: number }
  | { status: 'failed' | 'expired'; failure: TicketFailure };

/** A signed callback waiting in the outbox, written in the same transaction as the ticket's end. */
export interface OutboxMessage {
  /** `webhook-id`: the same on every retry, so the receiver can drop duplicates. */
  id: string;
  ticketId: string;
  client: string;
  url: string;
  /** The exact JSON text that is signed and POSTed; contains the result (personal data): never logged. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  createdAt: number;
  /** When it was delivered, gone (410) or abandoned. */
  endedAt: number | null;
}

/** `delivered` (2xx), `gone` (the receiver answered 410: stop), `abandoned` (retry schedule exhausted). */
export type DeliveryStatus = 'pending' | 'delivered' | 'gone' | 'abandoned';

/** One delivery attempt, recorded whatever its result. */
export interface DeliveryAttempt {
  outboxId: string;
  attempt: number;
  at: number;
  /** HTTP status received; null when no answer (network error, timeout). */
  httpStatus: number | null;
  /** Short error description when no answer came; never the body. */
  error: string | null;
  durationMs: number;
}
