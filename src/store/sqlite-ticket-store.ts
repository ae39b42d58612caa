// TicketStore on the embedded SQLite file (the default). One connection; node:sqlite is synchronous, so every
// method runs to completion (and commits) before the event loop moves on: single-process races cannot happen.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { UpstreamName } from '../domain/errors.ts';
import type { NewTicket, Ticket } from '../queue/types.ts';
import { ticketPage, type TicketStore } from '../queue/store.ts';
import { inTransaction, migrate, openSqlite, truncateWal, type Migration } from './sqlite.ts';
import {
  deliveryParams, END_SET, endValues, INSERT_ATTEMPT_SQL, INSERT_OUTBOX_SQL, newTicketRecord, OPEN_OF_CLIENT_SQL, POSITION_SQL,
  PURGE_SQL, RELEASE_SQL, rowToAttempt, rowToCandidate, rowToOutbox, rowToTicket, STATS_SQL, TICKET_INSERT_COLUMNS, TICKET_SCHEMA_V2,
  ticketInsertValues, ticketSchemaV1, ticketSchemaV3, UNLEASED, UPDATE_DELIVERY_SQL, SQLITE_TICKET_SQL,
  listParams,
} from './ticket-rows.ts';
import { emptyStats, addStatsRow } from './stats.ts';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'tickets, outbox, delivery attempts', sql: ticketSchemaV1('sqlite') },
  { version: 2, name: 'expiry index', sql: TICKET_SCHEMA_V2 },
  { version: 3, name: 'retention and open-ticket quota', sql: ticketSchemaV3('sqlite') },
];

export interface SqliteTicketStoreOptions {
  /** Database file, or `:memory:`. */
  path: string;
  busyTimeoutMs?: number;
}

export function createSqliteTicketStore(options: SqliteTicketStoreOptions): TicketStore {
  const db = openSqlite({ path: options.path, busyTimeoutMs: options.busyTimeoutMs });
  const applied = migrate(db, 'tickets', SQLITE_MIGRATIONS);
  if (applied.includes(3) && applied[0] !== 1) {
    // A store from before retention: its free pages still hold the personal data it kept. Rewrite the file once.
    db.exec('VACUUM');
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }
  return sqliteTicketStore(db, options.busyTimeoutMs ?? 5_000);
}

function sqliteTicketStore(db: DatabaseSync, busyTimeoutMs: number): TicketStore {
  const sql = (text: string): StatementSync => db.prepare(text);
  const insertTicket = sql(
    `INSERT INTO tickets (${TICKET_INSERT_COLUMNS.join(', ')}) VALUES (${TICKET_INSERT_COLUMNS.map(() => '?').join(', ')})
     ON CONFLICT (client, idempotency_key) DO NOTHING RETURNING *`,
  );
  const byKey = sql('SELECT * FROM tickets WHERE client = ? AND idempotency_key = ?');
  const byId = sql('SELECT * FROM tickets WHERE id = ?');
  const openOfClient = sql(OPEN_OF_CLIENT_SQL);
  const purge = {
    attempts: sql(PURGE_SQL.attempts), callbacks: sql(PURGE_SQL.callbacks), reduce: sql(PURGE_SQL.reduce), delete: sql(PURGE_SQL.delete),
  };
  const insert = (input: NewTicket): { created: boolean; ticket: Ticket } => {
    const inserted = insertTicket.get(...ticketInsertValues(newTicketRecord(input)));
    if (inserted) return { created: true, ticket: rowToTicket(inserted) };
    return { created: false, ticket: rowToTicket(byKey.get(input.client, input.idempotencyKey)!) };
  };
  const list = sql(SQLITE_TICKET_SQL.list);
  const position = sql(POSITION_SQL);
  // Candidates per commune through the drain index, each query stopping at `perCommune` rows: one window over
  // every queued ticket would cost tens of ms with a large backlog, and node:sqlite blocks the event loop.
  const queuedCommunes = sql(`SELECT DISTINCT commune_code FROM tickets WHERE upstream = ? AND status = 'queued'`);
  const dueInCommune = sql(
    `SELECT id, commune_code, citizen_waiting, created_at FROM tickets INDEXED BY tickets_drain
     WHERE upstream = :upstream AND status = 'queued' AND commune_code = :commune AND next_attempt_at <= :now AND expires_at > :now
     ORDER BY citizen_waiting DESC, created_at, id LIMIT :perCommune`,
  );
  const lapsed = sql(
    `SELECT id, commune_code, citizen_waiting, created_at FROM tickets
     WHERE upstream = :upstream AND status = 'in-progress' AND lease_until <= :now AND expires_at > :now`,
  );
  const lease = sql(SQLITE_TICKET_SQL.lease);
  const release = sql(RELEASE_SQL);
  const finishOwned = sql(`UPDATE tickets SET ${END_SET} WHERE id = :id AND status = 'in-progress' AND lease_owner = :owner`);
  const finishUnleased = sql(`UPDATE tickets SET ${END_SET} WHERE id = :id AND ${UNLEASED}`);
  const insertOutbox = sql(INSERT_OUTBOX_SQL);
  const expired = sql(SQLITE_TICKET_SQL.expired);
  const stats = sql(STATS_SQL);
  const claimDeliveries = sql(SQLITE_TICKET_SQL.claimDeliveries);
  const updateDelivery = sql(UPDATE_DELIVERY_SQL);
  const insertAttempt = sql(INSERT_ATTEMPT_SQL);
  const outboxOf = sql('SELECT * FROM outbox WHERE ticket_id = ? ORDER BY created_at, id');
  const attemptsOf = sql('SELECT * FROM delivery_attempts WHERE outbox_id = ? ORDER BY attempt');

  return {
    async create(input) {
      return insert(input);
    },
    async admit(input, maxOpenPerClient) {
      // Synchronous from the count to the insert: no other request of this process runs in between.
      const existing = byKey.get(input.client, input.idempotencyKey);
      if (existing) return { outcome: 'existing', ticket: rowToTicket(existing) };
      const openTickets = Number(openOfClient.get({ client: input.client })?.['open'] ?? 0);
      if (openTickets >= maxOpenPerClient) return { outcome: 'over-quota', openTickets };
      return { outcome: 'created', ticket: insert(input).ticket };
    },
    async get(id) {
      const row = byId.get(id);
      return row ? rowToTicket(row) : undefined;
    },
    async list(filter) {
      return ticketPage(list.all({ communes: JSON.stringify(filter.communes), ...listParams(filter) }).map(rowToTicket), filter.limit);
    },
    async position(ticket) {
      const row = position.get({ upstream: ticket.upstream, waiting: ticket.citizenWaiting ? 1 : 0, createdAt: ticket.createdAt, id: ticket.id });
      return Number(row?.['ahead'] ?? 0) + 1;
    },
    async candidates(upstream: UpstreamName, now, perCommune) {
      const rows = lapsed.all({ upstream, now });
      const taken = new Map<string, number>();
      for (const row of rows) taken.set(String(row['commune_code']), (taken.get(String(row['commune_code'])) ?? 0) + 1);
      for (const { commune_code: commune } of queuedCommunes.all(upstream)) {
        const room = perCommune - (taken.get(String(commune)) ?? 0);
        if (room > 0) rows.push(...dueInCommune.all({ upstream, commune: String(commune), now, perCommune: room }));
      }
      return rows.map(rowToCandidate);
    },
    async lease(ids, owner, now, leaseMs) {
      if (ids.length === 0) return [];
      const rows = lease.all({ ids: JSON.stringify(ids), owner, until: now + leaseMs, now });
      const order = new Map(ids.map((id, index) => [id, index]));
      return rows.map(rowToTicket).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    },
    async release(id, owner, update) {
      return release.run({ id, owner, ...update }).changes === 1;
    },
    async finish(id, end, options) {
      const [status, result, fetchedAt, failure] = endValues(end);
      const values = { id, status, result, fetchedAt, failure, now: options.now, attempts: options.attempts ?? null };
      return inTransaction(db, () => {
        const changed = options.owner === undefined
          ? finishUnleased.run(values).changes
          : finishOwned.run({ ...values, owner: options.owner }).changes;
        if (changed !== 1) return false;
        if (options.outbox) {
          insertOutbox.run({ outboxId: options.outbox.id, url: options.outbox.url, body: options.outbox.body, now: options.now, id });
        }
        return true;
      });
    },
    async expiredTickets(upstream, now, limit) {
      return expired.all({ upstream, now, limit }).map(rowToTicket);
    },
    async stats(upstream) {
      const result = emptyStats();
      for (const row of stats.all({ upstream })) addStatsRow(result, row);
      return result;
    },
    async claimDeliveries(owner, now, leaseMs, limit) {
      return claimDeliveries.all({ owner, until: now + leaseMs, now, limit }).map(rowToOutbox)
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : 1));
    },
    async recordDelivery(id, owner, attempt, update) {
      const params = deliveryParams(id, owner, attempt, update);
      return inTransaction(db, () => {
        if (updateDelivery.run(params.update).changes !== 1) return false;
        insertAttempt.run(params.attempt);
        return true;
      });
    },
    async outboxOf(ticketId) {
      return outboxOf.all(ticketId).map(rowToOutbox);
    },
    async deliveryAttempts(outboxId) {
      return attemptsOf.all(outboxId).map(rowToAttempt);
    },
    async purge(cutoffs, limit) {
      const counts = inTransaction(db, () => {
        purge.attempts.run({ reduceIfEndedBy: cutoffs.reduceIfEndedBy });
        const callbacksDeleted = Number(purge.callbacks.run({ reduceIfEndedBy: cutoffs.reduceIfEndedBy }).changes);
        const reduced = Number(purge.reduce.run({ now: cutoffs.now, reduceIfEndedBy: cutoffs.reduceIfEndedBy, limit }).changes);
        const deleted = Number(purge.delete.run({ deleteIfEndedBy: cutoffs.deleteIfEndedBy, limit }).changes);
        return { reduced, deleted, callbacksDeleted };
      });
      // secure_delete zeroed the old values in the pages; the WAL still holds earlier page images until it is reset.
      truncateWal(db, busyTimeoutMs);
      return counts;
    },
    async close() {
      if (db.isOpen) db.close();
    },
  };
}
