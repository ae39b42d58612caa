// TicketStore on Cloudflare D1 (the Workers deployment): the SQLite store's schema and SQL text, run through
// D1's asynchronous API. Isolates of one Worker run at once on one database, so every read-then-write is one
// guarded statement or one batch (D1's unit of atomicity); nothing relies on a lock held across an await.
// The schema comes from migrations/ (`wrangler d1 migrations apply`), made from the same SQL (d1-migrations.ts).
import type { UpstreamName } from '../domain/errors.ts';
import { ticketPage, type TicketStore } from '../queue/store.ts';
import type { NewTicket } from '../queue/types.ts';
import { inBatch, rowsOf, statement, type D1Database } from './d1.ts';
import { addStatsRow, emptyStats } from './stats.ts';
import {
  CANDIDATES_SQL, deliveryParams, END_SET, endValues, INSERT_OUTBOX_SQL, newTicketRecord, OPEN_OF_CLIENT_SQL, POSITION_SQL, PURGE_SQL,
  RELEASE_SQL, rowToAttempt, rowToCandidate, rowToOutbox, rowToTicket, SQLITE_TICKET_SQL, STATS_SQL, TICKET_INSERT_COLUMNS, ticketInsertValues,
  UNLEASED, UPDATE_DELIVERY_SQL,
  listParams,
} from './ticket-rows.ts';

const BY_KEY_SQL = 'SELECT * FROM tickets WHERE client = :client AND idempotency_key = :key';
const COLUMNS = TICKET_INSERT_COLUMNS.join(', ');
const VALUES = TICKET_INSERT_COLUMNS.map((column) => `:${column}`).join(', ');
const INSERT_SQL = `INSERT INTO tickets (${COLUMNS}) VALUES (${VALUES}) ON CONFLICT (client, idempotency_key) DO NOTHING RETURNING *`;
/** The insert of `admit`: only while the client is under its quota (INSERT … SELECT needs its WHERE before ON CONFLICT). */
const ADMIT_SQL = `INSERT INTO tickets (${COLUMNS}) SELECT ${VALUES} WHERE (${OPEN_OF_CLIENT_SQL}) < :maxOpen
  ON CONFLICT (client, idempotency_key) DO NOTHING RETURNING *`;
/** The attempt row of `recordDelivery`, written only where the UPDATE beside it in the batch will apply (same guard). */
const INSERT_GUARDED_ATTEMPT_SQL = `INSERT INTO delivery_attempts (outbox_id, attempt, at, http_status, error, duration_ms)
  SELECT :id, :attempt, :at, :httpStatus, :error, :durationMs FROM outbox WHERE id = :id AND lease_owner = :owner`;

const OWNED = `status = 'in-progress' AND lease_owner = :owner`;

function insertParams(input: NewTicket): Record<string, unknown> {
  const values = ticketInsertValues(newTicketRecord(input));
  return Object.fromEntries(TICKET_INSERT_COLUMNS.map((column, index) => [column, values[index]]));
}

/** The store on a D1 binding whose migrations were applied; `close()` does nothing (the binding is the platform's). */
export function createD1TicketStore(db: D1Database): TicketStore {
  const query = (text: string, params?: Record<string, unknown>) => rowsOf(db, text, params);
  const byKey = (input: NewTicket) => statement(db, BY_KEY_SQL, { client: input.client, key: input.idempotencyKey });

  return {
    async create(input) {
      // One batch: the insert, then the row under that key (the new one, or the one that was there).
      const [inserted, existing] = await db.batch([statement(db, INSERT_SQL, insertParams(input)), byKey(input)]);
      const row = inserted!.results[0];
      return row ? { created: true, ticket: rowToTicket(row) } : { created: false, ticket: rowToTicket(existing!.results[0]!) };
    },
    async admit(input, maxOpenPerClient) {
      // The count, the insert and the read-back in one transaction: two isolates admitting for one client at the
      // same moment cannot both pass a quota with one place left.
      const [inserted, existing, open] = await db.batch([
        statement(db, ADMIT_SQL, { ...insertParams(input), maxOpen: maxOpenPerClient }),
        byKey(input),
        statement(db, OPEN_OF_CLIENT_SQL, { client: input.client }),
      ]);
      const created = inserted!.results[0];
      if (created) return { outcome: 'created', ticket: rowToTicket(created) };
      const row = existing!.results[0];
      if (row) return { outcome: 'existing', ticket: rowToTicket(row) };
      return { outcome: 'over-quota', openTickets: Number(open!.results[0]?.['open'] ?? 0) };
    },
    async get(id) {
      const [row] = await query('SELECT * FROM tickets WHERE id = :id', { id });
      return row ? rowToTicket(row) : undefined;
    },
    async list(filter) {
      const rows = await query(SQLITE_TICKET_SQL.list, { communes: JSON.stringify(filter.communes), ...listParams(filter) });
      return ticketPage(rows.map(rowToTicket), filter.limit);
    },
    async position(ticket) {
      const [row] = await query(POSITION_SQL, { upstream: ticket.upstream, waiting: ticket.citizenWaiting ? 1 : 0, createdAt: ticket.createdAt, id: ticket.id });
      return Number(row?.['ahead'] ?? 0) + 1;
    },
    async candidates(upstream: UpstreamName, now, perCommune) {
      // One statement, not the SQLite store's walk per commune: each D1 call is a round trip.
      return (await query(CANDIDATES_SQL, { upstream, now, perCommune })).map(rowToCandidate);
    },
    async lease(ids, owner, now, leaseMs) {
      if (ids.length === 0) return [];
      const rows = await query(SQLITE_TICKET_SQL.lease, { ids: JSON.stringify(ids), owner, until: now + leaseMs, now });
      const order = new Map(ids.map((id, index) => [id, index]));
      return rows.map(rowToTicket).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    },
    async release(id, owner, update) {
      return (await statement(db, RELEASE_SQL, { id, owner, ...update }).run()).meta.changes === 1;
    },
    async finish(id, end, options) {
      const [status, result, fetchedAt, failure] = endValues(end);
      const guard = options.owner === undefined ? UNLEASED : OWNED;
      const params = { id, status, result, fetchedAt, failure, now: options.now, owner: options.owner ?? null, attempts: options.attempts ?? null };
      // The callback first, under the same guard as the end: both see the ticket as it was, so both apply or neither.
      const outbox = options.outbox
        ? [statement(db, `${INSERT_OUTBOX_SQL} AND ${guard}`, {
          outboxId: options.outbox.id, url: options.outbox.url, body: options.outbox.body, now: options.now, id, owner: options.owner ?? null,
        })]
        : [];
      const answers = await db.batch([...outbox, statement(db, `UPDATE tickets SET ${END_SET} WHERE id = :id AND ${guard}`, params)]);
      return answers.at(-1)!.meta.changes === 1;
    },
    async expiredTickets(upstream, now, limit) {
      return (await query(SQLITE_TICKET_SQL.expired, { upstream, now, limit })).map(rowToTicket);
    },
    async stats(upstream) {
      const result = emptyStats();
      for (const row of await query(STATS_SQL, { upstream })) addStatsRow(result, row);
      return result;
    },
    async claimDeliveries(owner, now, leaseMs, limit) {
      return (await query(SQLITE_TICKET_SQL.claimDeliveries, { owner, until: now + leaseMs, now, limit })).map(rowToOutbox)
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : 1));
    },
    async recordDelivery(id, owner, attempt, update) {
      const params = deliveryParams(id, owner, attempt, update);
      const [, updated] = await db.batch([
        statement(db, INSERT_GUARDED_ATTEMPT_SQL, { ...params.attempt, owner }),
        statement(db, UPDATE_DELIVERY_SQL, params.update),
      ]);
      return updated!.meta.changes === 1;
    },
    async outboxOf(ticketId) {
      return (await query('SELECT * FROM outbox WHERE ticket_id = :ticketId ORDER BY created_at, id', { ticketId })).map(rowToOutbox);
    },
    async deliveryAttempts(outboxId) {
      return (await query('SELECT * FROM delivery_attempts WHERE outbox_id = :outboxId ORDER BY attempt', { outboxId })).map(rowToAttempt);
    },
    async purge(cutoffs, limit) {
      // D1 keeps no WAL of ours to truncate; what Cloudflare keeps of deleted pages is its business (README).
      const [, callbacks, reduced, deleted] = await inBatch(db, [
        statement(db, PURGE_SQL.attempts, { reduceIfEndedBy: cutoffs.reduceIfEndedBy }),
        statement(db, PURGE_SQL.callbacks, { reduceIfEndedBy: cutoffs.reduceIfEndedBy }),
        statement(db, PURGE_SQL.reduce, { now: cutoffs.now, reduceIfEndedBy: cutoffs.reduceIfEndedBy, limit }),
        statement(db, PURGE_SQL.delete, { deleteIfEndedBy: cutoffs.deleteIfEndedBy, limit }),
      ]);
      return { reduced: reduced!.meta.changes, deleted: deleted!.meta.changes, callbacksDeleted: callbacks!.meta.changes };
    },
    async close() {},
  };
}
