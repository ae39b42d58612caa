import { describe, expect, it } from 'vitest';
import type { Incident } from '../health/store.ts';
import { AlertRulesSchema } from './config.ts';
import type { UpstreamFigures } from './engine.ts';
import { createMemoryAlertStore } from './memory-store.ts';
import { channelRoutes, createAlerting } from './service.ts';
import type { AlertStore } from './store.ts';
import { manualTimers } from './testing/timers.ts';

const incident: Incident = {
  id: 'inc-1', upstream: 'land', kind: 'outage', status: 'open', startedAt: 1_000, endedAt: null, durationMs: null, worstState: 'down', causes: ['probe-failing'],
  affectedOperations: [], requestsFailed: 0, requestsServedStale: 0, requestsRejected: 0, ticketsQueued: 0, communesAffected: [], updatedAt: 1_000,
};

function figures(state: 'down' | 'operational', open: Incident | null): UpstreamFigures[] {
  return [{
    upstream: 'land', state, since: 1_000, reasons: state === 'down' ? ['probe-failing'] : [], login: 'ok', queueDepth: 0, oldestTicketAt: null,
    queueCommunes: [], openIncident: open, drainRatePerSecond: null,
  }];
}

function setup(store: AlertStore = createMemoryAlertStore(), current = { figures: figures('operational', null) }) {
  const timers = manualTimers(1_000);
  const errors: string[] = [];
  const alerting = createAlerting({
    rules: AlertRulesSchema.parse({}),
    channels: [{ name: 'mail', rules: ['down'], reminderIntervalMs: 0 }],
    store, maintenance: () => [], figures: async () => current.figures, now: timers.now, timers, evaluateEveryMs: 5_000,
    onError: (error, what) => errors.push(`${what}: ${(error as Error).message}`),
  });
  return { alerting, store, timers, errors, current };
}

describe('alerting service', () => {
  it('queues the alerts health events produce, and keeps its state in the store', async () => {
    const { alerting, store } = setup();
    alerting.onHealthEvent({ type: 'state-changed', upstream: 'land', from: 'operational', to: 'down', reasons: ['probe-failing'], at: 1_000 });
    alerting.onHealthEvent({ type: 'incident-opened', incident, at: 1_000 });
    await alerting.idle();
    expect((await store.list()).map((entry) => entry.id)).toEqual(['down/land/inc-1#firing@mail']);
    expect(await store.loadState()).toEqual(alerting.state());
  });

  it('picks up after a restart: the stored state means a recovery, not a second alert', async () => {
    const store = createMemoryAlertStore();
    const first = setup(store, { figures: figures('down', incident) });
    await first.alerting.start();
    await first.alerting.stop();
    const second = setup(store, { figures: figures('down', incident) });
    await second.alerting.start();
    second.current.figures = figures('operational', null);
    second.timers.advance(5_000);
    await second.alerting.idle();
    await second.alerting.stop();
    expect((await store.list()).map((entry) => entry.id)).toEqual(['down/land/inc-1#firing@mail', 'down/land/inc-1#resolved@mail']);
  });

  it('loses no alert when the store fails: the state does not move on and the next look queues it', async () => {
    const store = createMemoryAlertStore();
    let failures = 1;
    const flaky: AlertStore = {
      ...store,
      async enqueue(...args) {
        if (failures-- > 0) throw new Error('disk full');
        return store.enqueue(...args);
      },
    };
    const { alerting, timers, errors } = setup(flaky, { figures: figures('down', incident) });
    await alerting.start();
    expect(errors).toEqual(['alert rules on figures: disk full']);
    timers.advance(5_000);
    await alerting.idle();
    await alerting.stop();
    expect((await store.list()).map((entry) => entry.id)).toEqual(['down/land/inc-1#firing@mail']);
  });

  it('looks at the figures on its beat and stops cleanly', async () => {
    const { alerting, timers, current, store } = setup();
    await alerting.start();
    current.figures = figures('down', incident);
    timers.advance(4_999);
    await alerting.idle();
    expect(await store.list()).toEqual([]);
    timers.advance(1);
    await alerting.idle();
    expect(await store.list()).toHaveLength(1);
    await alerting.stop();
    expect(timers.pending()).toBe(0);
  });

  it('gives Alertmanager channels a one-minute reminder by default and others the configured interval', () => {
    expect(channelRoutes({
      reminderIntervalMs: 3_600_000,
      channels: [
        { type: 'alertmanager', name: 'am', url: 'http://am', labels: {}, rules: ['down'], language: 'vi', dailySummary: false },
        { type: 'telegram', name: 'tg', botToken: 'x', chatId: 1, apiBaseUrl: 'http://tg', rules: ['down'], language: 'vi', dailySummary: false, reminderIntervalMs: 0 },
        { type: 'webhook', name: 'hook', url: 'http://hook', secret: 'x', rules: ['down'], language: 'vi', dailySummary: false },
      ],
    }).map((route) => route.reminderIntervalMs)).toEqual([60_000, 0, 3_600_000]);
  });
});
