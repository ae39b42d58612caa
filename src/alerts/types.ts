// The vocabulary of alerting: rules, phases, the alert messages the engine produces and the daily summary.
import type { Incident } from '../health/store.ts';
import type { HealthState, Reason, UpstreamName } from '../health/types.ts';

/** What an alert is about. `recovered` is not a rule of its own: every firing alert is always resolved. */
export type AlertRule = 'down' | 'degraded' | 'backlog' | 'credentials' | 'flapping';
export const ALERT_RULES: readonly AlertRule[] = ['down', 'degraded', 'backlog', 'credentials', 'flapping'];

/** `firing` once per episode, `reminder` at the reminder interval while it lasts, `resolved` once at its end. */
export type AlertPhase = 'firing' | 'reminder' | 'resolved';

export type Severity = 'critical' | 'warning';

/** Identity of one alert episode, as other messages refer to it. */
export interface AlertRef {
  /** Stable for the firing, the reminders and the resolution of one episode, e.g. `down/population/<incident id>`. */
  dedupKey: string;
  rule: AlertRule;
  upstream: UpstreamName;
  severity: Severity;
  /** The health incident the episode belongs to, when one is open. */
  incidentId: string | null;
  /** Start of the episode (the incident's start for down/degraded), epoch ms. */
  startsAt: number;
}

/** What the operator reads: the figures as they stood when the message was produced. */
export interface AlertFacts {
  state: HealthState;
  reasons: Reason[];
  /** Verification tickets waiting for the upstream; null when the queue is not known. */
  queueDepth: number | null;
  /** When the oldest waiting ticket was queued, epoch ms. */
  oldestTicketAt: number | null;
  /** Communes whose calls failed or whose tickets wait, sorted. */
  communesAffected: string[];
  /** Tickets queued during the incident (health's count). */
  ticketsQueued: number | null;
  requestsFailed: number | null;
  requestsServedStale: number | null;
  /** Seconds the waiting tickets need to drain at the drainer's rate once the upstream answers; null when unknown. */
  estimatedDrainSeconds: number | null;
  /** Times the upstream went down within the flapping window (flapping alerts). */
  bounces: number | null;
}

/** One alert message to deliver. */
export interface Alert extends AlertRef {
  kind: 'alert';
  /** Unique per message (outbox key, `webhook-id`): the dedup key plus the phase (and the reminder number). */
  id: string;
  phase: AlertPhase;
  /** When the message was produced, epoch ms. */
  at: number;
  /** End of the episode (resolved messages), epoch ms. */
  endsAt: number | null;
  facts: AlertFacts;
  /** Episodes this message ends as well (a `down` alert supersedes the incident's `degraded` one). */
  supersedes: AlertRef[];
  /** Channel names the message goes to. */
  channels: string[];
}

/** Figures of one upstream for the daily summary. */
export interface SummaryWaiting {
  upstream: UpstreamName;
  depth: number;
  oldestTicketAt: number | null;
}

/** Verification tickets over the summarised day; null when the queue cannot tell. */
export interface SummaryTickets {
  queued: number;
  completed: number;
  failed: number;
  expired: number;
}

/** Yesterday in figures, sent by email each morning. */
export interface DailySummary {
  kind: 'daily-summary';
  /** `daily-summary/<YYYY-MM-DD>`: one per day, even across restarts. */
  id: string;
  /** The local day summarised (Asia/Ho_Chi_Minh), `YYYY-MM-DD`. */
  day: string;
  fromMs: number;
  toMs: number;
  at: number;
  incidents: Incident[];
  tickets: SummaryTickets | null;
  waiting: SummaryWaiting[];
  channels: string[];
}

/** Everything the outbox carries and a channel sends. */
export type Notification = Alert | DailySummary;
