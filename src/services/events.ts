// The gateway's parts talk through this small typed bus instead of holding references to each other: a caller
// publishes what happened, health, metrics, the queue, alerting and the audit log subscribe. Synchronous (a
// listener runs before emit returns, so figures stay in step with the call that caused them); one listener's
// error is reported and never reaches the emitter or the other listeners.
import type { AdapterEvent } from '../adapters/events.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { QueueEvent } from '../queue/events.ts';
import type { ResilienceEvent } from '../resilience/index.ts';
import type { CallRecord } from './upstream-callers.ts';

/** Every event of the gateway, by name. Payloads carry ids, codes and figures only, never personal data. */
export interface GatewayEvents {
  /** An adapter's own event (token renewed, login failed…). */
  'adapter-event': AdapterEvent;
  /** Any event of an upstream's resilience pipeline (breaker, retry, bulkhead, cache). */
  'resilience-event': { upstream: UpstreamName; event: ResilienceEvent };
  /** A breaker group changed state (also published as a `resilience-event`). */
  'breaker-state': { upstream: UpstreamName } & Extract<ResilienceEvent, { type: 'breaker-state' }>;
  /** One finished upstream call, cache hits included. */
  'call-recorded': CallRecord;
  /** Any event of the verification queue. */
  'queue-event': QueueEvent;
  /** A ticket was stored for later (also published as a `queue-event`). */
  'ticket-queued': Extract<QueueEvent, { type: 'ticket-queued' }>;
}

export type Listener<T> = (payload: T) => void;

export interface EventBus<Events extends object = GatewayEvents> {
  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void;
  /** Calls every listener of `name` now, in subscription order. Never throws. */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void;
}

export interface EventBusOptions {
  /** Receives a listener's error (the other listeners still run); ignored by default. */
  onListenerError?: (error: unknown, name: string) => void;
}

export function createEventBus<Events extends object = GatewayEvents>(options: EventBusOptions = {}): EventBus<Events> {
  const listeners = new Map<keyof Events, Set<Listener<never>>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      // A listener added twice still runs once per event and leaves with one unsubscribe: wrap it to keep both.
      const entry: Listener<Events[typeof name]> = (payload) => listener(payload);
      set.add(entry as Listener<never>);
      return function unsubscribe() {
        set.delete(entry as Listener<never>);
      };
    },
    emit(name, payload) {
      const set = listeners.get(name);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          (listener as Listener<typeof payload>)(payload);
        } catch (error) {
          try {
            options.onListenerError?.(error, String(name));
          } catch {
            // A broken error reporter must not break the emitter either.
          }
        }
      }
    },
  };
}
