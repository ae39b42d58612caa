// AlertStore in memory: for tests and for a gateway run without a database file.
import type { AlertStore, OutboxEntry, StoredMaintenance } from './store.ts';
import type { SummaryTickets } from './types.ts';

interface MemoryEntry extends OutboxEntry {
  leaseOwner: string | null;
  leaseUntil: number | null;
}

export function createMemoryAlertStore(): AlertStore {
  const entries = new Map<string, MemoryEntry>();
  const maintenance = new Map<string, StoredMaintenance>();
  let seq = 0;
  let state: string | undefined;
  const tickets = new Map<string, SummaryTickets>();
  const view = ({ leaseOwner: _owner, leaseUntil: _until, ...entry }: MemoryEntry): OutboxEntry => structuredClone(entry);

  return {
    async enqueue(message, channels, now) {
      const added: string[] = [];
      for (const channel of channels) {
        const id = `${message.id}@${channel}`;
        if (entries.has(id)) continue;
        entries.set(id, {
          id, seq: ++seq, channel, message: structuredClone(message), status: 'pending', attempts: 0, nextAttemptAt: now,
          createdAt: now, endedAt: null, lastError: null, leaseOwner: null, leaseUntil: null,
        });
        added.push(id);
      }
      return added;
    },
    async claim(owner, now, leaseMs) {
      const heads = new Map<string, MemoryEntry>();
      for (const entry of entries.values()) {
        if (entry.status !== 'pending') continue;
        const head = heads.get(entry.channel);
        if (!head || entry.seq < head.seq) heads.set(entry.channel, entry);
      }
      const claimed: OutboxEntry[] = [];
      for (const entry of [...heads.values()].sort((a, b) => a.seq - b.seq)) {
        if (entry.nextAttemptAt > now || (entry.leaseUntil !== null && entry.leaseUntil > now)) continue;
        entry.leaseOwner = owner;
        entry.leaseUntil = now + leaseMs;
        claimed.push(view(entry));
      }
      return claimed;
    },
    async settle(id, owner, update) {
      const entry = entries.get(id);
      if (!entry || entry.status !== 'pending' || entry.leaseOwner !== owner) return false;
      entry.attempts += 1;
      entry.leaseOwner = null;
      entry.leaseUntil = null;
      entry.status = update.status;
      if (update.status === 'pending') {
        entry.nextAttemptAt = update.nextAttemptAt;
        entry.lastError = update.error;
      } else {
        entry.endedAt = update.at;
        if (update.status === 'abandoned') entry.lastError = update.error;
      }
      return true;
    },
    async list(status) {
      return [...entries.values()].filter((entry) => status === undefined || entry.status === status).sort((a, b) => a.seq - b.seq).map(view);
    },
    async prune(beforeMs) {
      let pruned = 0;
      for (const [id, entry] of entries) {
        if (entry.status !== 'pending' && entry.endedAt !== null && entry.endedAt < beforeMs) {
          entries.delete(id);
          pruned += 1;
        }
      }
      return pruned;
    },
    async loadState() {
      return state === undefined ? undefined : JSON.parse(state);
    },
    async saveState(value) {
      state = JSON.stringify(value);
    },
    async addMaintenance(window) {
      maintenance.set(window.id, { ...window });
    },
    async addTicketCounts(day, counts) {
      const known = tickets.get(day) ?? { queued: 0, completed: 0, failed: 0, expired: 0 };
      tickets.set(day, {
        queued: known.queued + counts.queued, completed: known.completed + counts.completed,
        failed: known.failed + counts.failed, expired: known.expired + counts.expired,
      });
    },
    async ticketCounts(day) {
      const known = tickets.get(day);
      return known && { ...known };
    },
    async listMaintenance(afterMs) {
      return [...maintenance.values()].filter((window) => window.toMs > afterMs).sort((a, b) => a.fromMs - b.fromMs || (a.id < b.id ? -1 : 1)).map((window) => ({ ...window }));
    },
  };
}
