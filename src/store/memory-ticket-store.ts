// TicketStore in memory: for unit and route tests (and the reference semantics the SQL stores must match).
// Not durable — never used by a running gateway.
import type { UpstreamName } from '../domain/errors.ts';
import { decodeCursor, ticketPage, type Candidate, type TicketStore } from '../queue/store.ts';
import { ENDED_PERSONAL_FIELDS, outcomeRecord } from '../queue/retention.ts';
import type { DeliveryAttempt, NewTicket, OutboxMessage, Ticket } from '../queue/types.ts';
import { emptyStats } from './stats.ts';
import { newTicketRecord } from './ticket-rows.ts';

const isOpenStatus = (ticket: Ticket) => ticket.status === 'queued' || ticket.status === 'in-progress';
const isClaimable = (ticket: Ticket, now: number) =>
  (ticket.status === 'queued' && ticket.nextAttemptAt <= now) ||
  (ticket.status === 'in-progress' && ticket.leaseUntil !== null && ticket.leaseUntil <= now);
const isUnleased = (ticket: Ticket, now: number) =>
  ticket.status === 'queued' || (ticket.status === 'in-progress' && ticket.leaseUntil !== null && ticket.leaseUntil <= now);
const byWaitingThenAge = (a: Ticket, b: Ticket) =>
  Number(b.citizenWaiting) - Number(a.citizenWaiting) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);

export function createMemoryTicketStore(): TicketStore {
  const tickets = new Map<string, Ticket>();
  const byKey = new Map<string, string>();
  const outbox = new Map<string, OutboxMessage>();
  const attempts = new Map<string, DeliveryAttempt[]>();
  // Copies in and out, so callers can never change stored state behind the store's back.
  const copy = <T>(value: T): T => structuredClone(value);

  const keyOf = (client: string, idempotencyKey: string) => JSON.stringify([client, idempotencyKey]);
  function insert(input: NewTicket): { created: boolean; ticket: Ticket } {
    const key = keyOf(input.client, input.idempotencyKey);
    const existing = byKey.get(key);
    if (existing) return { created: false, ticket: copy(tickets.get(existing)!) };
    const ticket = newTicketRecord(copy(input));
    tickets.set(ticket.id, ticket);
    byKey.set(key, ticket.id);
    return { created: true, ticket: copy(ticket) };
  }

  return {
    async create(input) {
      return insert(input);
    },
    async admit(input, maxOpenPerClient) {
      const existing = byKey.get(keyOf(input.client, input.idempotencyKey));
      if (existing) return { outcome: 'existing', ticket: copy(tickets.get(existing)!) };
      const openTickets = [...tickets.values()].filter((t) => t.client === input.client && isOpenStatus(t)).length;
      if (openTickets >= maxOpenPerClient) return { outcome: 'over-quota', openTickets };
      return { outcome: 'created', ticket: insert(input).ticket };
    },
    async get(id) {
      const ticket = tickets.get(id);
      return ticket ? copy(ticket) : undefined;
    },
    async list(filter) {
      const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
      const rows = [...tickets.values()]
        .filter((t) => filter.communes.includes(t.communeCode) && (filter.status === undefined || t.status === filter.status))
        .filter((t) => !after || t.createdAt < after.createdAt || (t.createdAt === after.createdAt && t.id < after.id))
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
      return ticketPage(rows.slice(0, filter.limit + 1).map(copy), filter.limit);
    },
    async position(ticket) {
      const ahead = [...tickets.values()].filter((t) => t.upstream === ticket.upstream && isOpenStatus(t) && byWaitingThenAge(t, ticket) < 0);
      return ahead.length + 1;
    },
    async candidates(upstream: UpstreamName, now, perCommune) {
      const taken = new Map<string, number>();
      const result: Candidate[] = [];
      const open = [...tickets.values()].filter((t) => t.upstream === upstream && isClaimable(t, now) && t.expiresAt > now);
      for (const t of open.sort(byWaitingThenAge)) {
        const count = taken.get(t.communeCode) ?? 0;
        if (count >= perCommune) continue;
        taken.set(t.communeCode, count + 1);
        result.push({ id: t.id, communeCode: t.communeCode, citizenWaiting: t.citizenWaiting, createdAt: t.createdAt });
      }
      return result;
    },
    async lease(ids, owner, now, leaseMs) {
      const leased: Ticket[] = [];
      for (const id of ids) {
        const ticket = tickets.get(id);
        if (!ticket || !isClaimable(ticket, now)) continue;
        Object.assign(ticket, { status: 'in-progress', leaseOwner: owner, leaseUntil: now + leaseMs, updatedAt: now });
        leased.push(copy(ticket));
      }
      return leased;
    },
    async release(id, owner, update) {
      const ticket = tickets.get(id);
      if (!ticket || ticket.status !== 'in-progress' || ticket.leaseOwner !== owner) return false;
      Object.assign(ticket, {
        status: 'queued', attempts: update.attempts, nextAttemptAt: update.nextAttemptAt, lastError: update.lastError,
        leaseOwner: null, leaseUntil: null, updatedAt: update.now,
      });
      return true;
    },
    async finish(id, end, options) {
      const ticket = tickets.get(id);
      if (!ticket) return false;
      const allowed = options.owner === undefined
        ? isUnleased(ticket, options.now)
        : ticket.status === 'in-progress' && ticket.leaseOwner === options.owner;
      if (!allowed) return false;
      Object.assign(ticket, {
        ...ENDED_PERSONAL_FIELDS,
        status: end.status,
        result: end.status === 'completed' ? copy(end.result ?? null) : null,
        fetchedAt: end.status === 'completed' ? end.fetchedAt : null,
        failure: end.status === 'completed' ? null : copy(end.failure),
        endedAt: options.now, updatedAt: options.now, leaseOwner: null, leaseUntil: null,
        attempts: options.attempts ?? ticket.attempts,
      });
      if (options.outbox) {
        outbox.set(options.outbox.id, {
          ...options.outbox, ticketId: id, client: ticket.client, status: 'pending', attempts: 0,
          nextAttemptAt: options.now, leaseOwner: null, leaseUntil: null, createdAt: options.now, endedAt: null,
        });
      }
      return true;
    },
    async expiredTickets(upstream, now, limit) {
      return [...tickets.values()]
        .filter((t) => t.upstream === upstream && t.expiresAt <= now && isUnleased(t, now))
        .sort((a, b) => a.expiresAt - b.expiresAt)
        .slice(0, limit)
        .map(copy);
    },
    async stats(upstream) {
      const stats = emptyStats();
      for (const t of tickets.values()) {
        if (t.upstream !== upstream || !isOpenStatus(t)) continue;
        const entry = (stats.byCommune[t.communeCode] ??= { queued: 0, inProgress: 0 });
        if (t.status === 'queued') {
          stats.queued += 1;
          entry.queued += 1;
          stats.oldestQueuedAt = Math.min(stats.oldestQueuedAt ?? Infinity, t.createdAt);
        } else {
          stats.inProgress += 1;
          entry.inProgress += 1;
        }
      }
      return stats;
    },
    async claimDeliveries(owner, now, leaseMs, limit) {
      const due = [...outbox.values()]
        .filter((m) => m.status === 'pending' && m.nextAttemptAt <= now && (m.leaseUntil === null || m.leaseUntil <= now))
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : 1))
        .slice(0, limit);
      for (const message of due) Object.assign(message, { leaseOwner: owner, leaseUntil: now + leaseMs });
      return due.map(copy);
    },
    async recordDelivery(id, owner, attempt, update) {
      const message = outbox.get(id);
      if (!message || message.leaseOwner !== owner) return false;
      Object.assign(message, {
        status: update.status, attempts: attempt.attempt, body: update.status === 'pending' ? message.body : '',
        nextAttemptAt: update.status === 'pending' ? update.nextAttemptAt : attempt.at,
        endedAt: update.status === 'pending' ? null : attempt.at, leaseOwner: null, leaseUntil: null,
      });
      attempts.set(id, [...(attempts.get(id) ?? []), copy(attempt)]);
      return true;
    },
    async outboxOf(ticketId) {
      return [...outbox.values()].filter((m) => m.ticketId === ticketId).map(copy);
    },
    async deliveryAttempts(outboxId) {
      return (attempts.get(outboxId) ?? []).map(copy);
    },
    async purge(cutoffs, limit) {
      const endedBy = (t: Ticket, at: number) => t.endedAt !== null && t.endedAt <= at;
      const byEnd = (a: Ticket, b: Ticket) => a.endedAt! - b.endedAt!;
      let callbacksDeleted = 0;
      for (const message of [...outbox.values()]) {
        const ticket = tickets.get(message.ticketId);
        if (message.status === 'pending' && !(ticket && endedBy(ticket, cutoffs.reduceIfEndedBy))) continue;
        outbox.delete(message.id);
        attempts.delete(message.id);
        callbacksDeleted += 1;
      }
      const toReduce = [...tickets.values()].filter((t) => endedBy(t, cutoffs.reduceIfEndedBy) && t.reducedAt === null).sort(byEnd).slice(0, limit);
      for (const ticket of toReduce) {
        byKey.delete(keyOf(ticket.client, ticket.idempotencyKey));
        const reduced = outcomeRecord(ticket, cutoffs.now);
        tickets.set(ticket.id, reduced);
        byKey.set(keyOf(reduced.client, reduced.idempotencyKey), reduced.id);
      }
      const toDelete = [...tickets.values()].filter((t) => endedBy(t, cutoffs.deleteIfEndedBy)).sort(byEnd).slice(0, limit);
      for (const ticket of toDelete) {
        tickets.delete(ticket.id);
        byKey.delete(keyOf(ticket.client, ticket.idempotencyKey));
      }
      return { reduced: toReduce.length, deleted: toDelete.length, callbacksDeleted };
    },
    async close() {},
  };
}
