// What the HTTP app needs from health: the registry's snapshot, the store (incidents, uptime) and readiness.
import type { HealthRegistry } from './registry.ts';
import type { HealthStore } from './store.ts';
import type { MaintenanceWindow } from './types.ts';

export interface HealthService {
  registry: Pick<HealthRegistry, 'snapshot'>;
  store: HealthStore;
  /** Planned maintenance windows (configured and admin-created), for the incident record. */
  maintenance?: () => readonly MaintenanceWindow[];
  /** Resolves when the gateway's own store answers; throws otherwise. Never calls an upstream. */
  ready(): Promise<void>;
}
