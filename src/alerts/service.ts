// The alerting service: feeds health events and, on a steady beat, the collected figures to the rule engine
// (one at a time), writes what it produces to the outbox and keeps its state in the store. Nothing here waits
// for a channel: delivery is the worker's, so an alert never blocks a request or a health evaluation.
import type { UpstreamName } from '../domain/errors.ts';
import type { HealthEvent } from '../health/events.ts';
import type { Timers } from '../health/monitor.ts';
import type { MaintenanceWindow } from '../health/types.ts';
import type { AlertRules, AlertsConfig } from './config.ts';
import type { ChannelRoute } from './engine-messages.ts';
import { initialEngineState, isEngineState, type EngineState } from './engine-state.ts';
import { step, type EngineInput, type UpstreamFigures } from './engine.ts';
import type { AlertStore } from './store.ts';
import type { Alert } from './types.ts';

export interface AlertingOptions {
  rules: AlertRules;
  channels: readonly ChannelRoute[];
  store: AlertStore;
  /** The maintenance schedule's live list. */
  maintenance: () => readonly MaintenanceWindow[];
  figures: () => Promise<UpstreamFigures[]>;
  now: () => number;
  timers: Timers;
  /** How often the figures are looked at, ms. */
  evaluateEveryMs: number;
  onError: (error: unknown, what: string) => void;
  /** Called after alerts were queued (wakes the deliverer). */
  onQueued?: (alerts: readonly Alert[]) => void;
  /** The upstreams watched; the built-in three by default. */
  upstreams?: readonly UpstreamName[] | undefined;
}

export interface Alerting {
  /** The health listener: returns at once (the work is queued), never throws. */
  onHealthEvent(event: HealthEvent): void;
  /** Looks at the figures now; resolves when done. */
  evaluate(): Promise<void>;
  /** Reads the stored state, then looks at the figures on the beat. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every input received so far has been handled. */
  idle(): Promise<void>;
  state(): EngineState;
}

/** Each channel's rules and reminder interval; Alertmanager defaults to a minute (it forgets alerts after 5). */
export function channelRoutes(config: Pick<AlertsConfig, 'channels' | 'reminderIntervalMs'>): ChannelRoute[] {
  return config.channels.map((channel) => ({
    name: channel.name,
    rules: channel.rules,
    reminderIntervalMs: channel.reminderIntervalMs ?? (channel.type === 'alertmanager' ? 60_000 : config.reminderIntervalMs),
  }));
}

export function createAlerting(options: AlertingOptions): Alerting {
  const { store, now } = options;
  let state = initialEngineState(options.upstreams);
  let saved = '';
  let work: Promise<void> = Promise.resolve();
  let handle: unknown;
  let running = false;

  const run = (what: string, task: () => Promise<void>) => {
    work = work.then(task).catch((error: unknown) => options.onError(error, what));
    return work;
  };

  async function handleInput(input: EngineInput): Promise<void> {
    const result = step(state, input, { rules: options.rules, channels: options.channels, maintenance: options.maintenance() });
    const queued = result.alerts.filter((alert) => alert.channels.length > 0);
    // Queued first, state second: if the store fails, the state does not move on and the alert comes again.
    for (const alert of queued) await store.enqueue(alert, alert.channels, now());
    state = result.state;
    const serialised = JSON.stringify(state);
    if (serialised !== saved) {
      await store.saveState(state, now());
      saved = serialised;
    }
    if (queued.length > 0) options.onQueued?.(queued);
  }

  const evaluate = () => run('alert rules on figures', async () => {
    const upstreams = await options.figures();
    await handleInput({ type: 'figures', at: now(), upstreams });
  });

  function later(): void {
    if (running) handle = options.timers.setTimeout(() => void evaluate().finally(later), options.evaluateEveryMs);
  }

  return {
    onHealthEvent(event) {
      void run(`alert rules on ${event.type}`, () => handleInput({ type: 'health', event }));
    },
    evaluate,
    async start() {
      if (running) return;
      await run('read alert state', async () => {
        const stored = await store.loadState();
        if (isEngineState(stored)) {
          // An upstream registered since the state was stored starts afresh; the others keep what they knew.
          state = { ...stored, upstreams: { ...initialEngineState(options.upstreams).upstreams, ...stored.upstreams } };
          saved = JSON.stringify(stored);
        }
      });
      running = true;
      await evaluate();
      later();
    },
    async stop() {
      running = false;
      if (handle !== undefined) options.timers.clearTimeout(handle);
      await work;
    },
    idle: async () => {
      // Work queued while waiting is waited for too.
      let seen: Promise<void>;
      do {
        seen = work;
        await seen;
      } while (seen !== work);
    },
    state: () => state,
  };
}
