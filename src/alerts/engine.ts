// The rule engine, pure: (state, a health event or the collected figures, the settings) → (new state, alerts
// to send). No clock but the input's time, no I/O. One alert per episode with a stable dedup key, reminders at
// the interval, resolutions always, one flapping alert instead of a storm, nothing new during maintenance.
import type { HealthEvent } from '../health/events.ts';
import type { Incident } from '../health/store.ts';
import type { HealthState, LoginState, MaintenanceWindow, Reason, UpstreamName } from '../health/types.ts';
import type { AlertRules } from './config.ts';
import { firingAlert, reminderAlert, resolvedAlerts, type ChannelRoute } from './engine-messages.ts';
import {
  incidentView, observeLogin, observeState, type ActiveAlert, type EngineState, type UpstreamAlertState,
} from './engine-state.ts';
import type { Alert, AlertRule } from './types.ts';

/** One upstream's figures as collected at `at` (the registry's snapshot and the queue's stats). */
export interface UpstreamFigures {
  upstream: UpstreamName;
  state: HealthState;
  /** When the state began, epoch ms. */
  since: number;
  reasons: Reason[];
  login: LoginState;
  queueDepth: number | null;
  oldestTicketAt: number | null;
  /** Communes with tickets waiting. */
  queueCommunes: string[];
  openIncident: Incident | null;
  /** Tickets the drainer replays per second once the upstream answers; null when unknown. */
  drainRatePerSecond: number | null;
}

export type EngineInput =
  | { type: 'health'; event: HealthEvent }
  | { type: 'figures'; at: number; upstreams: readonly UpstreamFigures[] };

export interface EngineSettings {
  rules: AlertRules;
  channels: readonly ChannelRoute[];
  /** Planned windows (configuration and admin calls): no new alert for the upstream while one is in force. */
  maintenance: readonly MaintenanceWindow[];
}

export interface StepResult {
  state: EngineState;
  alerts: Alert[];
}

export function inMaintenance(windows: readonly MaintenanceWindow[], upstream: UpstreamName, at: number): boolean {
  return windows.some((window) => window.upstream === upstream && window.fromMs <= at && at < window.toMs);
}

/** Advances the engine by one input. Never mutates `state`. */
export function step(state: EngineState, input: EngineInput, settings: EngineSettings): StepResult {
  const next = structuredClone(state);
  const alerts: Alert[] = [];
  const at = input.type === 'health' ? input.event.at : input.at;
  const closed = new Map<UpstreamName, Incident | { id: string; endedAt: number }>();

  if (input.type === 'health') {
    const { event } = input;
    if (event.type === 'state-changed') {
      const upstream = next.upstreams[event.upstream];
      const since = Math.min(event.since ?? at, at);
      if (observeState(upstream.view, event.to, event.reasons, since, true)) noteOutage(upstream, event.upstream, since, settings);
    } else if ((event.incident.kind ?? 'outage') !== 'outage') {
      // Our own credentials refused: the credentials rule speaks for it, never the down or degraded rules.
    } else if (event.type === 'incident-opened') {
      next.upstreams[event.incident.upstream].view.incident = incidentView(event.incident);
    } else {
      const view = next.upstreams[event.incident.upstream].view;
      if (view.incident?.id === event.incident.id) view.incident = null;
      closed.set(event.incident.upstream, event.incident);
    }
  } else {
    for (const figures of input.upstreams) {
      const upstream = next.upstreams[figures.upstream];
      const { view } = upstream;
      // "No figures yet" (just after a restart) is no news: the view keeps what was last known.
      const known = !figures.reasons.includes('no-data');
      if (known && observeState(view, figures.state, figures.reasons, figures.state === view.state ? at : figures.since, false)) {
        noteOutage(upstream, figures.upstream, figures.since, settings);
      }
      observeLogin(view, figures.login, at);
      Object.assign(view, {
        queueDepth: figures.queueDepth,
        oldestTicketAt: figures.oldestTicketAt,
        queueCommunes: [...figures.queueCommunes].sort(),
        drainRatePerSecond: figures.drainRatePerSecond,
        incident: figures.openIncident ? incidentView(figures.openIncident) : null,
      });
      // An alert's incident is no longer open and its close event has not come (yet, or ever: a restart): end it now.
      for (const open of [upstream.active.down, upstream.active.degraded]) {
        if (open && open.ref.incidentId !== view.incident?.id) closed.set(figures.upstream, { id: open.ref.incidentId ?? '', endedAt: view.goodSince ?? at });
      }
    }
  }

  for (const [upstream, state] of Object.entries(next.upstreams) as [UpstreamName, UpstreamAlertState][]) {
    const incident = closed.get(upstream);
    if (incident) alerts.push(...resolveIncident(state, incident, at));
    alerts.push(...evaluate(upstream, state, at, settings));
  }
  return { state: next, alerts };
}

/** Notes an outage for flapping (never during maintenance); an open flapping alert counts it in its episode. */
function noteOutage(upstream: UpstreamAlertState, name: UpstreamName, at: number, settings: EngineSettings): void {
  if (inMaintenance(settings.maintenance, name, at)) return;
  upstream.bounces.push(at);
  const flapping = upstream.active.flapping;
  if (flapping) flapping.bounces = (flapping.bounces ?? 0) + 1;
}

/**
 * The dedup key of a new episode: `key`, or, when an episode with that key was already resolved (an alert fired
 * again for the same incident), `key` with the episode's number, so that its messages get ids of their own.
 */
function episodeKey(upstream: UpstreamAlertState, key: string): string {
  const episodes = (upstream.episodes ??= {});
  const count = episodes[key] ?? 0;
  episodes[key] = count + 1;
  // Bounded: only keys of the incidents still remembered matter.
  const keys = Object.keys(episodes);
  if (keys.length > 50) for (const old of keys.slice(0, keys.length - 50)) delete episodes[old];
  return count === 0 ? key : `${key}/${count + 1}`;
}

function resolveIncident(upstream: UpstreamAlertState, incident: Incident | { id: string; endedAt: number | null }, at: number): Alert[] {
  const alerts: Alert[] = [];
  const endedAt = incident.endedAt ?? at;
  const final = 'startedAt' in incident ? incidentView(incident) : upstream.view.incident ?? undefined;
  for (const rule of ['down', 'degraded'] as const) {
    const active = upstream.active[rule];
    if (!active || active.ref.incidentId !== incident.id) continue;
    alerts.push(...resolvedAlerts(active, upstream, at, endedAt, final));
    delete upstream.active[rule];
  }
  return alerts;
}

function evaluate(name: UpstreamName, upstream: UpstreamAlertState, at: number, settings: EngineSettings): Alert[] {
  const { rules } = settings;
  const { view, active } = upstream;
  const alerts: Alert[] = [];
  const paused = inMaintenance(settings.maintenance, name, at);
  const fire = (rule: AlertRule, key: string, startsAt: number, supersedes: ActiveAlert[] = []) => {
    const dedupKey = episodeKey(upstream, key);
    alerts.push(firingAlert({ name, upstream, rule, dedupKey, startsAt, at, severity: rules[rule].severity, routes: settings.channels, supersedes }));
  };
  const resolve = (rule: AlertRule, endsAt: number) => {
    const open = active[rule];
    if (!open) return;
    alerts.push(...resolvedAlerts(open, upstream, at, endsAt, view.incident ?? undefined));
    delete active[rule];
  };

  // Flapping: outages within the window.
  upstream.bounces = upstream.bounces.filter((bounce) => at - bounce < rules.flapping.windowMs);
  if (active.flapping && upstream.bounces.length === 0) resolve('flapping', at);
  if (rules.flapping.enabled && !paused && !active.flapping && upstream.bounces.length >= rules.flapping.threshold) {
    fire('flapping', `flapping/${name}/${upstream.bounces[0]}`, upstream.bounces[0]!);
  }
  const flapping = active.flapping !== undefined;

  // Down, and degraded for longer than the window: once per incident, never while flapping or in maintenance.
  const incident = view.incident;
  if (incident && !paused && !flapping) {
    const downDue = rules.down.enabled && view.state === 'down' && view.downSince !== null && at - view.downSince >= rules.down.forMs;
    if (downDue && active.down?.ref.incidentId !== incident.id) {
      const superseded = active.degraded?.ref.incidentId === incident.id ? active.degraded : undefined;
      if (superseded) delete active.degraded;
      fire('down', `down/${name}/${incident.id}`, incident.startedAt, superseded ? [superseded] : []);
    }
    const degradedDue = rules.degraded.enabled && (view.state === 'degraded' || (view.state === 'down' && !rules.down.enabled))
      && view.badSince !== null && at - view.badSince >= rules.degraded.windowMs;
    if (degradedDue && active.down?.ref.incidentId !== incident.id && active.degraded?.ref.incidentId !== incident.id) {
      fire('degraded', `degraded/${name}/${incident.id}`, incident.startedAt);
    }
  }

  // Credentials refused.
  const loginSince = view.loginFailingSince;
  if (active.credentials && loginSince === null) resolve('credentials', at);
  if (rules.credentials.enabled && !paused && !active.credentials && loginSince !== null && at - loginSince >= rules.credentials.forMs) {
    fire('credentials', `credentials/${name}/${loginSince}`, loginSince);
  }

  // Backlog: too many tickets waiting, or the oldest too old.
  const backlog = (view.queueDepth ?? 0) > rules.backlog.maxQueued
    || (view.oldestTicketAt !== null && at - view.oldestTicketAt > rules.backlog.maxOldestAgeMs);
  view.backlogSince = backlog ? view.backlogSince ?? at : null;
  if (active.backlog && !backlog) resolve('backlog', at);
  if (rules.backlog.enabled && !paused && !active.backlog && view.backlogSince !== null) {
    fire('backlog', `backlog/${name}/${view.backlogSince}`, view.backlogSince);
  }

  // Reminders for what is still open (not for what fired just now), paused during maintenance. A down alert
  // reminds only while the upstream is down: "still down" must not be said of a recovering upstream.
  if (!paused) {
    for (const open of Object.values(active)) {
      if (!open || alerts.some((alert) => alert.dedupKey === open.ref.dedupKey)) continue;
      if (open.ref.rule === 'down' && view.state !== 'down') continue;
      if (open.ref.rule === 'degraded' && view.state !== 'degraded' && view.state !== 'down') continue;
      const reminder = reminderAlert(open, upstream, at, settings.channels);
      if (reminder) alerts.push(reminder);
    }
  }
  return alerts;
}
