// What the rule engine remembers between steps, per upstream: its view of health and the queue, the alerts
// still open, and recent outages (flapping). Plain JSON, so it is stored as is and survives a restart.
import type { Incident } from '../health/store.ts';
import { UPSTREAMS, type HealthState, type LoginState, type Reason, type UpstreamName } from '../health/types.ts';
import type { AlertRef, AlertRule } from './types.ts';

/** The incident figures the messages quote. */
export interface IncidentView {
  id: string;
  startedAt: number;
  endedAt: number | null;
  communesAffected: string[];
  ticketsQueued: number;
  requestsFailed: number;
  requestsServedStale: number;
}

export interface UpstreamView {
  state: HealthState;
  reasons: Reason[];
  /** Start of the current unbroken degraded-or-down spell, epoch ms. */
  badSince: number | null;
  /** Start of the current good spell after a bad one, epoch ms. */
  goodSince: number | null;
  downSince: number | null;
  loginFailingSince: number | null;
  backlogSince: number | null;
  queueDepth: number | null;
  oldestTicketAt: number | null;
  /** Communes with tickets waiting. */
  queueCommunes: string[];
  drainRatePerSecond: number | null;
  incident: IncidentView | null;
}

/** An alert that fired and is not resolved yet. */
export interface ActiveAlert {
  ref: AlertRef;
  /** Channels that got it; its reminders and its resolution go to them, whatever the rules say later. */
  channels: string[];
  /** Channel → last message sent there, epoch ms. */
  lastSentAt: Record<string, number>;
  reminders: number;
  /** Alerts this one superseded (a degraded alert when the upstream went down): resolved with it, each once. */
  superseded?: ActiveAlert[] | undefined;
  /** Flapping alerts: outages counted since the episode began (never fewer than the firing message said). */
  bounces?: number | undefined;
}

export interface UpstreamAlertState {
  view: UpstreamView;
  active: Partial<Record<AlertRule, ActiveAlert>>;
  /** When the upstream went down, within the flapping window, epoch ms. */
  bounces: number[];
  /** Dedup key → episodes fired with it (an alert fired again for one incident gets a key of its own). */
  episodes?: Record<string, number> | undefined;
}

export interface EngineState {
  version: 1;
  upstreams: Record<UpstreamName, UpstreamAlertState>;
}

export function initialEngineState(upstreams: readonly UpstreamName[] = UPSTREAMS): EngineState {
  const fresh = (): UpstreamAlertState => ({
    view: {
      state: 'operational', reasons: ['no-data'], badSince: null, goodSince: null, downSince: null, loginFailingSince: null,
      backlogSince: null, queueDepth: null, oldestTicketAt: null, queueCommunes: [], drainRatePerSecond: null, incident: null,
    },
    active: {},
    bounces: [],
  });
  return { version: 1, upstreams: Object.fromEntries(upstreams.map((upstream) => [upstream, fresh()])) as Record<UpstreamName, UpstreamAlertState> };
}

/** A stored state is used only when it has the current shape; otherwise the engine starts afresh. */
export function isEngineState(value: unknown): value is EngineState {
  const state = value as EngineState | undefined;
  return state?.version === 1 && UPSTREAMS.every((upstream) => typeof state.upstreams?.[upstream]?.view === 'object');
}

export function incidentView(incident: Incident): IncidentView {
  return {
    id: incident.id,
    startedAt: incident.startedAt,
    endedAt: incident.endedAt,
    communesAffected: [...incident.communesAffected],
    ticketsQueued: incident.ticketsQueued,
    requestsFailed: incident.requestsFailed,
    requestsServedStale: incident.requestsServedStale,
  };
}

const isBad = (state: HealthState) => state === 'down' || state === 'degraded';

/**
 * Applies a judged state seen at `at`; returns true when the upstream just went down. Mutates `view`. With
 * `inferLogin` (events, which carry no login figure) the reasons also tell whether our credentials are refused.
 */
export function observeState(view: UpstreamView, state: HealthState, reasons: Reason[], at: number, inferLogin: boolean): boolean {
  const wentDown = state === 'down' && view.state !== 'down';
  if (state !== view.state) {
    if (isBad(state)) {
      view.badSince ??= at;
      view.goodSince = null;
    } else if (isBad(view.state)) {
      view.badSince = null;
      view.goodSince = at;
    }
    view.downSince = state === 'down' ? view.downSince ?? at : null;
    view.state = state;
  }
  view.reasons = [...reasons];
  if (!inferLogin) return wentDown;
  // The judgement names a refused login whenever it is degraded or operational; down and maintenance hide it.
  if (reasons.includes('cannot-log-in')) view.loginFailingSince ??= at;
  else if (state === 'operational' || state === 'degraded') view.loginFailingSince = null;
  return wentDown;
}

/** Applies what the registry says about our credentials (figures), when it knows. Mutates `view`. */
export function observeLogin(view: UpstreamView, login: LoginState, at: number): void {
  if (login === 'failing') view.loginFailingSince ??= at;
  else if (login === 'ok') view.loginFailingSince = null;
}
