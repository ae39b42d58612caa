// The maintenance schedule: windows from configuration (health.maintenance) and those created by admin calls
// (stored, so a restart keeps them). Health's judgement and the alert rules read the same live list.
import type { MaintenanceWindow, UpstreamName } from '../health/types.ts';
import type { AlertStore } from './store.ts';

export interface MaintenanceEntry extends MaintenanceWindow {
  id: string;
  source: 'config' | 'admin';
  /** When an admin created it, epoch ms; null for configured windows. */
  createdAt: number | null;
}

export interface NewMaintenance {
  upstream: UpstreamName;
  fromMs: number;
  toMs: number;
  note?: string | undefined;
}

export interface MaintenanceSchedule {
  /** Every window, configured and created; one array that grows in place (health may hold on to it). */
  windows(): readonly MaintenanceWindow[];
  /** Windows that end after `afterMs`, by start. */
  list(afterMs: number): MaintenanceEntry[];
  /** Stores a new window and puts it in force at once. */
  add(window: NewMaintenance): Promise<MaintenanceEntry>;
  /** Reads the stored windows (call once at start). */
  load(): Promise<void>;
}

export interface MaintenanceScheduleOptions {
  configured: readonly MaintenanceWindow[];
  store: Pick<AlertStore, 'addMaintenance' | 'listMaintenance'>;
  now: () => number;
  newId: () => string;
}

export function createMaintenanceSchedule(options: MaintenanceScheduleOptions): MaintenanceSchedule {
  const entries: MaintenanceEntry[] = options.configured.map((window, index) => ({ ...window, id: `config-${index + 1}`, source: 'config', createdAt: null }));
  const live: MaintenanceWindow[] = [...entries];
  const put = (entry: MaintenanceEntry) => {
    if (entries.some((known) => known.id === entry.id)) return;
    entries.push(entry);
    live.push(entry);
  };
  return {
    windows: () => live,
    list(afterMs) {
      return entries.filter((entry) => entry.toMs > afterMs).sort((a, b) => a.fromMs - b.fromMs).map((entry) => ({ ...entry }));
    },
    async add(window) {
      const createdAt = options.now();
      const entry: MaintenanceEntry = {
        id: `mnt_${options.newId()}`, upstream: window.upstream, fromMs: window.fromMs, toMs: window.toMs,
        ...(window.note === undefined ? {} : { note: window.note }), source: 'admin', createdAt,
      };
      await options.store.addMaintenance({ id: entry.id, upstream: entry.upstream, fromMs: entry.fromMs, toMs: entry.toMs, note: entry.note, createdAt });
      put(entry);
      return { ...entry };
    },
    async load() {
      // Windows long over are of no use to the judgement; a day of history is kept for the admin listing.
      for (const stored of await options.store.listMaintenance(options.now() - 86_400_000)) {
        put({ ...stored, source: 'admin' });
      }
    },
  };
}
