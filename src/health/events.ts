// The typed events health emits, for the status page's consumers and the alerting module.
import type { Incident } from './store.ts';
import type { HealthState, Reason, UpstreamName } from './types.ts';

export type HealthEvent =
  /**
   * The judged state of an upstream changed. `at` is when it was judged, `since` when the new state really began
   * (the first probe of the run that proved it; `at` when nothing tells earlier), both epoch ms.
   */
  | { type: 'state-changed'; upstream: UpstreamName; from: HealthState; to: HealthState; reasons: Reason[]; at: number; since?: number | undefined }
  /** A bad spell lasted past its threshold: an incident is open (already stored). */
  | { type: 'incident-opened'; incident: Incident; at: number }
  /** The upstream stayed good for the close threshold: the incident is closed with its end and duration (already stored). */
  | { type: 'incident-closed'; incident: Incident; at: number };

export type HealthListener = (event: HealthEvent) => void;

/** A set of listeners; a throwing listener is ignored (an observer's bug must not stop health). */
export interface HealthEmitter {
  emit(event: HealthEvent): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: HealthListener): () => void;
}

export function createHealthEmitter(): HealthEmitter {
  const listeners = new Set<HealthListener>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // Best effort by design.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
