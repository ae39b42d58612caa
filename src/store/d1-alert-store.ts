// AlertStore on Cloudflare D1: the SQLite alert store's tables and statements, run through D1's async API. The
// claim is one guarded UPDATE … RETURNING, so two isolates (or a cron and a request) never take the same entry.
import type { AlertStore, OutboxStatus } from '../alerts/store.ts';
import { inBatch, rowsOf, statement, type D1Database } from './d1.ts';
import { ALERT_SQL, rowToCounts, rowToEntry, rowToMaintenance, settleParams } from './alert-rows.ts';

/** The store on a D1 binding whose migrations were applied (migrations/, from d1-migrations.ts). */
export function createD1AlertStore(db: D1Database): AlertStore {
  return {
    async enqueue(message, channels, now) {
      const body = JSON.stringify(message);
      const ids = channels.map((channel) => `${message.id}@${channel}`);
      const answers = await inBatch(db, ids.map((id, index) => statement(db, ALERT_SQL.insert, { id, channel: channels[index], message: body, now })));
      return ids.filter((_, index) => answers[index]!.meta.changes === 1);
    },
    async claim(owner, now, leaseMs) {
      return (await rowsOf(db, ALERT_SQL.claim, { owner, until: now + leaseMs, now })).map(rowToEntry).sort((a, b) => a.seq - b.seq);
    },
    async settle(id, owner, update) {
      return (await statement(db, ALERT_SQL.settle, settleParams(id, owner, update)).run()).meta.changes === 1;
    },
    async list(status?: OutboxStatus) {
      const rows = status === undefined ? await rowsOf(db, ALERT_SQL.listAll) : await rowsOf(db, ALERT_SQL.listOfStatus, [status]);
      return rows.map(rowToEntry);
    },
    async prune(beforeMs) {
      return (await statement(db, ALERT_SQL.prune, [beforeMs]).run()).meta.changes;
    },
    async loadState() {
      const row = await db.prepare(ALERT_SQL.loadState).first();
      return row ? JSON.parse(String(row['state'])) : undefined;
    },
    async saveState(state, now) {
      await statement(db, ALERT_SQL.saveState, { state: JSON.stringify(state), now }).run();
    },
    async addMaintenance(window) {
      await statement(db, ALERT_SQL.addMaintenance, { ...window, note: window.note ?? null }).run();
    },
    async listMaintenance(afterMs) {
      return (await rowsOf(db, ALERT_SQL.listMaintenance, [afterMs])).map(rowToMaintenance);
    },
    async addTicketCounts(day, counts) {
      await statement(db, ALERT_SQL.addCounts, { day, ...counts }).run();
    },
    async ticketCounts(day) {
      const [row] = await rowsOf(db, ALERT_SQL.readCounts, [day]);
      return rowToCounts(row);
    },
  };
}
