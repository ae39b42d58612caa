// The rule engine, pure: (state, a health event or the collected figures, the settings) → (new state, alerts
// to send). No clock but the input's time, no I/O. One alert per episode with a stable dedup key, reminders at
// the interval, resolutions always, one flapping alert instead of a storm, nothing new during maintenance.
import type { HealthEvent } from '../health/events.ts';
import type { Incident } from '../health/store.ts';
import type { HealthState, LoginState, MaintenanceWindow, Reason, UpstreamName } from '../health/types.ts';
import type { AlertRules } from './config.ts';
import { firingAlert, reminderAlert, resolvedAlert, type ChannelRoute } from './engine-messages.ts';
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
      if (observeState(upstream.view, event.to, event.reasons, at, true)) noteOutage(upstream, event.upstream, at, settings);
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
      if (observeState(view, figures.state, figures.reasons, figures.state === view.state ? at : figures.since, false)) {
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

/** Notes an outage for flapping (never during maintenance). */
function noteOutage(upstream: UpstreamAlertState, name: UpstreamName, at: number, settings: EngineSettings): void {
  if (!inMaintenance(settings.maintenance, name, at)) upstream.bounces.push(at);
}

function resolveIncident(upstream: UpstreamAlertState, incident: Incident | { id: string; endedAt: number | null }, at: number): Alert[] {
  const alerts: Alert[] = [];
  const endedAt = incident.endedAt ?? at;
  const final = 'startedAt' in incident ? incidentView(incident) : upstream.view.incident ?? undefined;
  for (const rule of ['down', 'degraded'] as const) {
    const active = upstream.active[rule];
    if (!active || active.ref.incidentId !== incident.id) continue;
    alerts.push(resolvedAlert(active, upstream, at, endedAt, final));
    delete upstream.active[rule];
  }
  return alerts;
}

function evaluate(name: UpstreamName, upstream: UpstreamAlertState, at: number, settings: EngineSettings): Alert[] {
  const { rules } = settings;
  const { view, active } = upstream;
  const alerts: Alert[] = [];
  const paused = inMaintenance(settings.maintenance, name, at);
  const fire = (rule: AlertRule, dedupKey: string, startsAt: number, supersedes: ActiveAlert[] = []) => {
    alerts.push(firingAlert({ name, upstream, rule, dedupKey, startsAt, at, severity: rules[rule].severity, routes: settings.channels, supersedes }));
  };
  const resolve = (rule: AlertRule, endsAt: number) => {
    const open = active[rule];
    if (!open) return;
    alerts.push(resolvedAlert(open, upstream, at, endsAt, view.incident ?? undefined));
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

  // Reminders for what is still open (not for what fired just now), paused during maintenance.
  if (!paused) {
    for (const open of Object.values(active)) {
      if (!open || alerts.some((alert) => alert.dedupKey === open.ref.dedupKey)) continue;
      const reminder = reminderAlert(open, upstream, at, settings.channels);
      if (reminder) alerts.push(reminder);
    }
  }
  return alerts;
}
