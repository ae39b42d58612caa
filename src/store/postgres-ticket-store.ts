// TicketStore on PostgreSQL, for a province running several gateway instances on one database. Leases are taken
// with guarded UPDATEs (and SKIP LOCKED for the outbox), so instances never hold the same ticket at once.
import type { Pool, PoolClient } from 'pg';
import type { UpstreamName } from '../domain/errors.ts';
import { ticketPage, type TicketStore } from '../queue/store.ts';
import type { NewTicket, Ticket } from '../queue/types.ts';
import { named } from './named-params.ts';
import { inPostgresTransaction, openPostgres } from './postgres.ts';
import { addStatsRow, emptyStats } from './stats.ts';
import {
  CANDIDATES_SQL, CLAIMABLE, deliveryParams, END_SET, endValues, INSERT_ATTEMPT_SQL, INSERT_OUTBOX_SQL, listParams, newTicketRecord, OPEN_OF_CLIENT_SQL,
  POSITION_SQL, PURGE_SQL, RELEASE_SQL, rowToAttempt, rowToCandidate, rowToOutbox, rowToTicket, STATS_SQL, TICKET_INSERT_COLUMNS,
  ticketInsertValues, UNLEASED, UPDATE_DELIVERY_SQL,
} from './ticket-rows.ts';

export interface PostgresTicketStoreOptions {
  /** `postgres://user:password@host:5432/database`. */
  connectionString: string;
  /** Schema holding the tables (created if missing). Default `public`. */
  schema?: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
}

type Params = Record<string, unknown>;

/** Opens a pool of its own (migrated by openPostgres); `close()` ends it. */
export async function createPostgresTicketStore(options: PostgresTicketStoreOptions): Promise<TicketStore> {
  const db = await openPostgres(options.connectionString, { schema: options.schema, maxConnections: options.maxConnections });
  return { ...createPostgresTicketStoreOnPool(db.pool), close: db.close };
}

/** The store on a pool openPostgres migrated and owns: `close()` leaves the pool open. */
export function createPostgresTicketStoreOnPool(pool: Pool): TicketStore {
  const query = async (text: string, params: Params = {}, client: Pool | PoolClient = pool) =>
    (await client.query(named(text, params, '$'))).rows as Record<string, unknown>[];
  const transaction = <T>(work: (client: PoolClient) => Promise<T>): Promise<T> => inPostgresTransaction(pool, work);

  const columns = TICKET_INSERT_COLUMNS.join(', ');
  const placeholders = TICKET_INSERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');

  const byKey = async (input: NewTicket, client: Pool | PoolClient) =>
    (await query('SELECT * FROM tickets WHERE client = :client AND idempotency_key = :key', { client: input.client, key: input.idempotencyKey }, client))[0];
  const insert = async (input: NewTicket, client: Pool | PoolClient = pool): Promise<{ created: boolean; ticket: Ticket }> => {
    const inserted = (await client.query(
      `INSERT INTO tickets (${columns}) VALUES (${placeholders}) ON CONFLICT (client, idempotency_key) DO NOTHING RETURNING *`,
      ticketInsertValues(newTicketRecord(input)),
    )).rows as Record<string, unknown>[];
    if (inserted[0]) return { created: true, ticket: rowToTicket(inserted[0]) };
    return { created: false, ticket: rowToTicket((await byKey(input, client))!) };
  };

  return {
    async create(input) {
      return insert(input);
    },
    async admit(input, maxOpenPerClient) {
      const existing = await byKey(input, pool);
      if (existing) return { outcome: 'existing', ticket: rowToTicket(existing) };
      return transaction(async (client) => {
        // Instances admitting for the same client take turns, so the quota holds across the province.
        await client.query("SELECT pg_advisory_xact_lock(hashtext('commune-gateway-quota'), hashtext($1))", [input.client]);
        const [row] = await query(OPEN_OF_CLIENT_SQL, { client: input.client }, client);
        const openTickets = Number(row?.['open'] ?? 0);
        if (openTickets >= maxOpenPerClient) {
          const raced = await byKey(input, client);
          return raced ? { outcome: 'existing', ticket: rowToTicket(raced) } : { outcome: 'over-quota', openTickets };
        }
        const { created, ticket } = await insert(input, client);
        return { outcome: created ? 'created' : 'existing', ticket };
      });
    },
    async get(id) {
      const [row] = await query('SELECT * FROM tickets WHERE id = :id', { id });
      return row ? rowToTicket(row) : undefined;
    },
    async list(filter) {
      const rows = await query(
        `SELECT * FROM tickets WHERE commune_code = ANY(:communes)
           AND (CAST(:status AS TEXT) IS NULL OR status = :status)
           AND (CAST(:afterAt AS BIGINT) IS NULL OR created_at < :afterAt OR (created_at = :afterAt AND id < :afterId))
         ORDER BY created_at DESC, id DESC LIMIT :limit`,
        { communes: [...filter.communes], ...listParams(filter) },
      );
      return ticketPage(rows.map(rowToTicket), filter.limit);
    },
    async position(ticket: Ticket) {
      const [row] = await query(POSITION_SQL, {
        upstream: ticket.upstream, waiting: ticket.citizenWaiting ? 1 : 0, createdAt: ticket.createdAt, id: ticket.id,
      });
      return Number(row?.['ahead'] ?? 0) + 1;
    },
    async candidates(upstream: UpstreamName, now, perCommune) {
      const rows = await query(CANDIDATES_SQL, { upstream, now, perCommune });
      return rows.map(rowToCandidate);
    },
    async lease(ids, owner, now, leaseMs) {
      if (ids.length === 0) return [];
      const rows = await query(
        `UPDATE tickets SET status = 'in-progress', lease_owner = :owner, lease_until = :until, updated_at = :now
         WHERE id = ANY(:ids) AND ${CLAIMABLE} RETURNING *`,
        { ids: [...ids], owner, until: now + leaseMs, now },
      );
      const order = new Map(ids.map((id, index) => [id, index]));
      return rows.map(rowToTicket).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    },
    async release(id, owner, update) {
      return (await query(`${RELEASE_SQL} RETURNING id`, { id, owner, ...update })).length === 1;
    },
    async finish(id, end, options) {
      const [status, result, fetchedAt, failure] = endValues(end);
      const params = { id, status, result, fetchedAt, failure, now: options.now, owner: options.owner ?? null, attempts: options.attempts ?? null };
      const guard = options.owner === undefined ? UNLEASED : `status = 'in-progress' AND lease_owner = :owner`;
      return transaction(async (client) => {
        const changed = await query(`UPDATE tickets SET ${END_SET} WHERE id = :id AND ${guard} RETURNING id`, params, client);
        if (changed.length !== 1) return false;
        if (options.outbox) {
          await query(
            INSERT_OUTBOX_SQL,
            { outboxId: options.outbox.id, url: options.outbox.url, body: options.outbox.body, now: options.now, id },
            client,
          );
        }
        return true;
      });
    },
    async expiredTickets(upstream, now, limit) {
      const rows = await query(
        `SELECT * FROM tickets WHERE upstream = :upstream AND expires_at <= :now AND ${UNLEASED} ORDER BY expires_at LIMIT :limit`,
        { upstream, now, limit },
      );
      return rows.map(rowToTicket);
    },
    async stats(upstream) {
      const stats = emptyStats();
      for (const row of await query(STATS_SQL, { upstream })) addStatsRow(stats, row);
      return stats;
    },
    async claimDeliveries(owner, now, leaseMs, limit) {
      const rows = await query(
        `UPDATE outbox SET lease_owner = :owner, lease_until = :until WHERE id IN (
           SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now)
           ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING *`,
        { owner, until: now + leaseMs, now, limit },
      );
      return rows.map(rowToOutbox).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : 1));
    },
    async recordDelivery(id, owner, attempt, update) {
      const params = deliveryParams(id, owner, attempt, update);
      return transaction(async (client) => {
        if ((await query(`${UPDATE_DELIVERY_SQL} RETURNING id`, params.update, client)).length !== 1) return false;
        await query(INSERT_ATTEMPT_SQL, params.attempt, client);
        return true;
      });
    },
    async outboxOf(ticketId) {
      return (await query('SELECT * FROM outbox WHERE ticket_id = :ticketId ORDER BY created_at, id', { ticketId })).map(rowToOutbox);
    },
    async deliveryAttempts(outboxId) {
      return (await query('SELECT * FROM delivery_attempts WHERE outbox_id = :outboxId ORDER BY attempt', { outboxId })).map(rowToAttempt);
    },
    async purge(cutoffs, limit) {
      // Dead row versions stay in PostgreSQL's pages until (auto)vacuum reclaims them; the README says so.
      return transaction(async (client) => {
        await query(PURGE_SQL.attempts, { reduceIfEndedBy: cutoffs.reduceIfEndedBy }, client);
        const callbacksDeleted = (await client.query(named(PURGE_SQL.callbacks, { reduceIfEndedBy: cutoffs.reduceIfEndedBy }, '$'))).rowCount ?? 0;
        const reduced = (await client.query(named(PURGE_SQL.reduce, { now: cutoffs.now, reduceIfEndedBy: cutoffs.reduceIfEndedBy, limit }, '$'))).rowCount ?? 0;
        const deleted = (await client.query(named(PURGE_SQL.delete, { deleteIfEndedBy: cutoffs.deleteIfEndedBy, limit }, '$'))).rowCount ?? 0;
        return { reduced, deleted, callbacksDeleted };
      });
    },
    async close() {},
  };
}
