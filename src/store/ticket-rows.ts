// The tickets/outbox schema and row mapping shared by the SQLite and PostgreSQL stores (same columns, same SQL
// where the dialects agree). Times are epoch ms in 64-bit integers; JSON payloads are stored as text.
import { decodeCursor, type Candidate, type DeliveryUpdate, type ListFilter } from '../queue/store.ts';
import type {
  DeliveryAttempt, NewTicket, OutboxMessage, Ticket, TicketEnd, TicketFailure, VerificationType,
} from '../queue/types.ts';
import type { UpstreamName } from '../domain/errors.ts';
import { RELEASED_KEY_PREFIX } from '../queue/retention.ts';

type Dialect = 'sqlite' | 'postgres';

/** Version 1 of the schema. `int` is the 64-bit integer type of the dialect. */
export function ticketSchemaV1(dialect: Dialect): string {
  const int = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return `
CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  client TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  type TEXT NOT NULL,
  upstream TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  officer_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  case_id TEXT,
  request_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  callback_url TEXT,
  citizen_waiting INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at ${int} NOT NULL,
  lease_owner TEXT,
  lease_until ${int},
  last_error TEXT,
  created_at ${int} NOT NULL,
  updated_at ${int} NOT NULL,
  expires_at ${int} NOT NULL,
  ended_at ${int},
  result TEXT,
  fetched_at ${int},
  failure TEXT,
  UNIQUE (client, idempotency_key)
);
CREATE INDEX tickets_drain ON tickets (upstream, status, commune_code, citizen_waiting, created_at);
CREATE INDEX tickets_by_commune ON tickets (commune_code, created_at);
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets (id),
  client TEXT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at ${int} NOT NULL,
  lease_owner TEXT,
  lease_until ${int},
  created_at ${int} NOT NULL,
  ended_at ${int}
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_ticket ON outbox (ticket_id);
CREATE TABLE delivery_attempts (
  outbox_id TEXT NOT NULL REFERENCES outbox (id),
  attempt INTEGER NOT NULL,
  at ${int} NOT NULL,
  http_status INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (outbox_id, attempt)
);`;
}

/**
 * Version 2: the drain index in the exact claim order (citizen waiting first, then oldest), so each commune's next
 * tickets are read straight off it; and an index for finding expired tickets without scanning the queue.
 */
export const TICKET_SCHEMA_V2 = `
DROP INDEX tickets_drain;
CREATE INDEX tickets_drain ON tickets (upstream, status, commune_code, citizen_waiting DESC, created_at, id);
CREATE INDEX tickets_expiry ON tickets (upstream, status, expires_at);`;

/** Forgets what only the upstream call needed (retention.ts, ENDED_PERSONAL_FIELDS). */
const ENDED_PERSONAL_SET = `subject = '{}', officer_id = '', purpose = ''`;

/**
 * Version 3, retention: when a ticket was reduced to its outcome record, indexes for the purge and the per-client
 * quota of open tickets, and tickets that ended before this version lose their subject, officer and purpose now.
 */
export function ticketSchemaV3(dialect: Dialect): string {
  const int = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return `
ALTER TABLE tickets ADD COLUMN reduced_at ${int};
CREATE INDEX tickets_ended ON tickets (ended_at);
CREATE INDEX tickets_open_by_client ON tickets (client, status);
UPDATE tickets SET ${ENDED_PERSONAL_SET} WHERE ended_at IS NOT NULL;`;
}

/** Column list and values of an INSERT of a new ticket, in one order. */
export const TICKET_INSERT_COLUMNS = [
  'id', 'client', 'idempotency_key', 'body_hash', 'type', 'upstream', 'commune_code', 'officer_id', 'purpose', 'case_id',
  'request_id', 'subject', 'callback_url', 'citizen_waiting', 'status', 'attempts', 'next_attempt_at', 'lease_owner',
  'lease_until', 'created_at', 'updated_at', 'expires_at',
] as const;

/**
 * SQL text both stores run as is, with `:name` parameters (native in node:sqlite; turned into `$n` for pg).
 * Claimable: queued and due, or leased by a worker whose lease has lapsed.
 */
export const CLAIMABLE = `((status = 'queued' AND next_attempt_at <= :now) OR (status = 'in-progress' AND lease_until <= :now))`;
/** Guard of `finish` without an owner: queued, or leased with a lapsed lease. */
export const UNLEASED = `(status = 'queued' OR (status = 'in-progress' AND lease_until <= :now))`;
/** The SET clause that ends a ticket; parameters as `endValues` plus `now` and `attempts`. */
export const END_SET = `${ENDED_PERSONAL_SET}, status = :status, result = :result, fetched_at = :fetchedAt, failure = :failure, ended_at = :now, updated_at = :now,
  attempts = COALESCE(:attempts, attempts), lease_owner = NULL, lease_until = NULL`;
/**
 * Claimable candidates in one statement (stores without a per-commune index walk): each commune's first
 * `:perCommune` claimable, unexpired tickets, citizen-waiting first, then oldest.
 */
export const CANDIDATES_SQL = `SELECT id, commune_code, citizen_waiting, created_at FROM (
           SELECT id, commune_code, citizen_waiting, created_at,
                  ROW_NUMBER() OVER (PARTITION BY commune_code ORDER BY citizen_waiting DESC, created_at, id) AS turn
           FROM tickets WHERE upstream = :upstream AND ${CLAIMABLE} AND expires_at > :now
         ) AS ranked WHERE turn <= :perCommune`;
export const POSITION_SQL = `SELECT COUNT(*) AS ahead FROM tickets WHERE upstream = :upstream AND status IN ('queued', 'in-progress')
  AND (citizen_waiting > :waiting OR (citizen_waiting = :waiting AND (created_at < :createdAt OR (created_at = :createdAt AND id < :id))))`;
export const RELEASE_SQL = `UPDATE tickets SET status = 'queued', attempts = :attempts, next_attempt_at = :nextAttemptAt, last_error = :lastError,
  lease_owner = NULL, lease_until = NULL, updated_at = :now
  WHERE id = :id AND status = 'in-progress' AND lease_owner = :owner`;
export const INSERT_OUTBOX_SQL = `INSERT INTO outbox (id, ticket_id, client, url, body, status, attempts, next_attempt_at, created_at)
  SELECT :outboxId, id, client, :url, :body, 'pending', 0, :now, :now FROM tickets WHERE id = :id`;
export const STATS_SQL = `SELECT status, commune_code, COUNT(*) AS count, MIN(created_at) AS oldest FROM tickets
  WHERE upstream = :upstream AND status IN ('queued', 'in-progress') GROUP BY status, commune_code`;
/** A callback that stops being pending never needs its body (the result) again. */
export const UPDATE_DELIVERY_SQL = `UPDATE outbox SET status = :status, body = CASE WHEN :status = 'pending' THEN body ELSE '' END, attempts = :attempt, next_attempt_at = :nextAttemptAt, ended_at = :endedAt,
  lease_owner = NULL, lease_until = NULL WHERE id = :id AND lease_owner = :owner`;
export const INSERT_ATTEMPT_SQL = `INSERT INTO delivery_attempts (outbox_id, attempt, at, http_status, error, duration_ms)
  VALUES (:id, :attempt, :at, :httpStatus, :error, :durationMs)`;

/** Statements of the SQLite store that D1 (the same dialect) runs as they are, with `:name` parameters. */
export const SQLITE_TICKET_SQL = {
  list: `SELECT * FROM tickets WHERE commune_code IN (SELECT value FROM json_each(:communes))
       AND (:status IS NULL OR status = :status)
       AND (:afterAt IS NULL OR created_at < :afterAt OR (created_at = :afterAt AND id < :afterId))
     ORDER BY created_at DESC, id DESC LIMIT :limit`,
  lease: `UPDATE tickets SET status = 'in-progress', lease_owner = :owner, lease_until = :until, updated_at = :now
     WHERE id IN (SELECT value FROM json_each(:ids)) AND ${CLAIMABLE} RETURNING *`,
  expired: `SELECT * FROM tickets WHERE upstream = :upstream AND status = 'queued' AND expires_at <= :now
     UNION ALL
     SELECT * FROM tickets WHERE upstream = :upstream AND status = 'in-progress' AND expires_at <= :now AND lease_until <= :now
     ORDER BY expires_at LIMIT :limit`,
  claimDeliveries: `UPDATE outbox SET lease_owner = :owner, lease_until = :until WHERE id IN (
       SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now)
       ORDER BY next_attempt_at LIMIT :limit) RETURNING *`,
} as const;

/** Open tickets of a client (the quota). */
export const OPEN_OF_CLIENT_SQL = `SELECT COUNT(*) AS open FROM tickets WHERE client = :client AND status IN ('queued', 'in-progress')`;

/**
 * The purge's statements, run in this order in one transaction with PurgeCutoffs and `limit` as parameters:
 * callbacks first (a ticket's callbacks must go before it), then the reduction, then the deletion.
 */
const DUE_FOR_REDUCTION = `EXISTS (SELECT 1 FROM tickets t WHERE t.id = outbox.ticket_id AND t.ended_at <= :reduceIfEndedBy)`;
export const PURGE_SQL = {
  attempts: `DELETE FROM delivery_attempts WHERE outbox_id IN (SELECT id FROM outbox WHERE status <> 'pending' OR ${DUE_FOR_REDUCTION})`,
  callbacks: `DELETE FROM outbox WHERE status <> 'pending' OR ${DUE_FOR_REDUCTION}`,
  reduce: `UPDATE tickets SET ${ENDED_PERSONAL_SET}, idempotency_key = '${RELEASED_KEY_PREFIX}' || id, body_hash = '', case_id = NULL,
  callback_url = NULL, result = NULL, fetched_at = NULL, reduced_at = :now
  WHERE id IN (SELECT id FROM tickets WHERE ended_at <= :reduceIfEndedBy AND reduced_at IS NULL ORDER BY ended_at LIMIT :limit)`,
  delete: `DELETE FROM tickets WHERE id IN (SELECT id FROM tickets WHERE ended_at <= :deleteIfEndedBy ORDER BY ended_at LIMIT :limit)`,
} as const;

/** The list query's parameters for what follows `cursor` (none: from the newest), reading one row more than a page. */
export function listParams(filter: ListFilter): { status: string | null; afterAt: number | null; afterId: string; limit: number } {
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  return { status: filter.status ?? null, afterAt: after?.createdAt ?? null, afterId: after?.id ?? '', limit: filter.limit + 1 };
}

/** Parameters of UPDATE_DELIVERY_SQL and INSERT_ATTEMPT_SQL for one recorded attempt. */
export function deliveryParams(id: string, owner: string, attempt: DeliveryAttempt, update: DeliveryUpdate) {
  return {
    update: {
      id, owner, status: update.status, attempt: attempt.attempt,
      nextAttemptAt: update.status === 'pending' ? update.nextAttemptAt : attempt.at,
      endedAt: update.status === 'pending' ? null : attempt.at,
    },
    attempt: { id, attempt: attempt.attempt, at: attempt.at, httpStatus: attempt.httpStatus, error: attempt.error, durationMs: attempt.durationMs },
  };
}

type SqlValue = string | number | null;
type Row = Record<string, unknown>;

export function ticketInsertValues(ticket: Ticket): SqlValue[] {
  return [
    ticket.id, ticket.client, ticket.idempotencyKey, ticket.bodyHash, ticket.type, ticket.upstream, ticket.communeCode,
    ticket.officerId, ticket.purpose, ticket.caseId, ticket.requestId, JSON.stringify(ticket.subject), ticket.callbackUrl,
    ticket.citizenWaiting ? 1 : 0, ticket.status, ticket.attempts, ticket.nextAttemptAt, ticket.leaseOwner, ticket.leaseUntil,
    ticket.createdAt, ticket.updatedAt, ticket.expiresAt,
  ];
}

const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const strOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export function rowToTicket(row: Row): Ticket {
  return {
    id: String(row['id']),
    client: String(row['client']),
    idempotencyKey: String(row['idempotency_key']),
    bodyHash: String(row['body_hash']),
    type: String(row['type']) as VerificationType,
    upstream: String(row['upstream']) as UpstreamName,
    communeCode: String(row['commune_code']),
    officerId: String(row['officer_id']),
    purpose: String(row['purpose']),
    caseId: strOrNull(row['case_id']),
    requestId: String(row['request_id']),
    subject: JSON.parse(String(row['subject'])) as Record<string, unknown>,
    callbackUrl: strOrNull(row['callback_url']),
    citizenWaiting: num(row['citizen_waiting']) === 1,
    status: String(row['status']) as Ticket['status'],
    attempts: num(row['attempts']),
    nextAttemptAt: num(row['next_attempt_at']),
    leaseOwner: strOrNull(row['lease_owner']),
    leaseUntil: numOrNull(row['lease_until']),
    lastError: strOrNull(row['last_error']),
    createdAt: num(row['created_at']),
    updatedAt: num(row['updated_at']),
    expiresAt: num(row['expires_at']),
    endedAt: numOrNull(row['ended_at']),
    result: row['result'] === null || row['result'] === undefined ? null : JSON.parse(String(row['result'])),
    fetchedAt: numOrNull(row['fetched_at']),
    failure: row['failure'] === null || row['failure'] === undefined ? null : (JSON.parse(String(row['failure'])) as TicketFailure),
    reducedAt: numOrNull(row['reduced_at']),
  };
}

export function rowToCandidate(row: Row): Candidate {
  return {
    id: String(row['id']),
    communeCode: String(row['commune_code']),
    citizenWaiting: num(row['citizen_waiting']) === 1,
    createdAt: num(row['created_at']),
  };
}

export function rowToOutbox(row: Row): OutboxMessage {
  return {
    id: String(row['id']),
    ticketId: String(row['ticket_id']),
    client: String(row['client']),
    url: String(row['url']),
    body: String(row['body']),
    status: String(row['status']) as OutboxMessage['status'],
    attempts: num(row['attempts']),
    nextAttemptAt: num(row['next_attempt_at']),
    leaseOwner: strOrNull(row['lease_owner']),
    leaseUntil: numOrNull(row['lease_until']),
    createdAt: num(row['created_at']),
    endedAt: numOrNull(row['ended_at']),
  };
}

export function rowToAttempt(row: Row): DeliveryAttempt {
  return {
    outboxId: String(row['outbox_id']),
    attempt: num(row['attempt']),
    at: num(row['at']),
    httpStatus: numOrNull(row['http_status']),
    error: strOrNull(row['error']),
    durationMs: num(row['duration_ms']),
  };
}

/** Values the UPDATE that ends a ticket sets: status, result, fetched_at, failure. */
export function endValues(end: TicketEnd): [string, string | null, number | null, string | null] {
  return end.status === 'completed'
    ? [end.status, JSON.stringify(end.result ?? null), end.fetchedAt, null]
    : [end.status, null, null, JSON.stringify(end.failure)];
}

/** A stored ticket built from a NewTicket, before insertion. */
export function newTicketRecord(input: NewTicket): Ticket {
  const { lease, ...fields } = input;
  return {
    ...fields,
    status: lease ? 'in-progress' : 'queued',
    attempts: 0,
    nextAttemptAt: input.createdAt,
    leaseOwner: lease?.owner ?? null,
    leaseUntil: lease?.until ?? null,
    lastError: null,
    updatedAt: input.createdAt,
    endedAt: null,
    result: null,
    fetchedAt: null,
    failure: null,
    reducedAt: null,
  };
}
