// The messages the engine produces (firing, reminder, resolved) and the facts they quote. Pure; the engine's
// bookkeeping of open alerts (channels reached, last sent, reminders) happens here too.
import type { UpstreamName } from '../health/types.ts';
import type { ActiveAlert, IncidentView, UpstreamAlertState } from './engine-state.ts';
import type { Alert, AlertFacts, AlertRef, AlertRule, Severity } from './types.ts';

/** Where a rule's alerts go: a channel, the rules it takes and its reminder interval (ms, 0 never). */
export interface ChannelRoute {
  name: string;
  rules: readonly AlertRule[];
  reminderIntervalMs: number;
}

/**
 * The figures quoted by a message, from the engine's view (and the closed incident's final counts). A flapping
 * alert quotes its own episode's count, so a reminder never contradicts the firing message.
 */
export function factsOf(upstream: UpstreamAlertState, incident: IncidentView | undefined, open?: ActiveAlert): AlertFacts {
  const { view } = upstream;
  const depth = view.queueDepth;
  const rate = view.drainRatePerSecond;
  return {
    state: view.state,
    reasons: [...view.reasons],
    queueDepth: depth,
    oldestTicketAt: view.oldestTicketAt,
    communesAffected: [...new Set([...(incident?.communesAffected ?? []), ...view.queueCommunes])].sort(),
    ticketsQueued: incident?.ticketsQueued ?? null,
    requestsFailed: incident?.requestsFailed ?? null,
    requestsServedStale: incident?.requestsServedStale ?? null,
    estimatedDrainSeconds: depth !== null && rate !== null && rate > 0 ? Math.ceil(depth / rate) : null,
    bounces: open?.bounces ?? upstream.bounces.length,
  };
}

export interface FiringInput {
  name: UpstreamName;
  upstream: UpstreamAlertState;
  rule: AlertRule;
  dedupKey: string;
  startsAt: number;
  at: number;
  severity: Severity;
  routes: readonly ChannelRoute[];
  /** Open alerts this one ends (their channels get this one, its reminders and its resolution). */
  supersedes?: readonly ActiveAlert[];
}

/** Opens the alert in the engine's state and returns its firing message. */
export function firingAlert(input: FiringInput): Alert {
  const { upstream, at } = input;
  const superseded = input.supersedes ?? [];
  const channels = [...new Set([
    ...input.routes.filter((route) => route.rules.includes(input.rule)).map((route) => route.name),
    ...superseded.flatMap((open) => open.channels),
  ])].sort();
  const ref: AlertRef = {
    dedupKey: input.dedupKey,
    rule: input.rule,
    upstream: input.name,
    severity: input.severity,
    incidentId: upstream.view.incident?.id ?? null,
    startsAt: input.startsAt,
  };
  const active: ActiveAlert = { ref, channels, lastSentAt: Object.fromEntries(channels.map((channel) => [channel, at])), reminders: 0 };
  if (input.rule === 'flapping') active.bounces = upstream.bounces.length;
  if (superseded.length > 0) active.superseded = superseded.map((open) => ({ ...open, channels: [...open.channels] }));
  upstream.active[input.rule] = active;
  return message(ref, 'firing', `${ref.dedupKey}#firing`, at, null, factsOf(upstream, upstream.view.incident ?? undefined, active), channels, superseded.map((open) => open.ref));
}

/** A reminder to the channels whose interval has passed since they last heard of the alert, or undefined. */
export function reminderAlert(open: ActiveAlert, upstream: UpstreamAlertState, at: number, routes: readonly ChannelRoute[]): Alert | undefined {
  const due = open.channels.filter((channel) => {
    const interval = routes.find((route) => route.name === channel)?.reminderIntervalMs ?? 0;
    return interval > 0 && at - (open.lastSentAt[channel] ?? 0) >= interval;
  });
  if (due.length === 0) return undefined;
  open.reminders += 1;
  for (const channel of due) open.lastSentAt[channel] = at;
  return message(open.ref, 'reminder', `${open.ref.dedupKey}#reminder-${open.reminders}`, at, null, factsOf(upstream, upstream.view.incident ?? undefined, open), due, []);
}

/**
 * The resolutions of an open alert and of those it superseded: every alert that fired is resolved once, to
 * every channel that got it. The caller removes it from the state.
 */
export function resolvedAlerts(open: ActiveAlert, upstream: UpstreamAlertState, at: number, endsAt: number, incident: IncidentView | undefined): Alert[] {
  return [...(open.superseded ?? []).map((earlier) => resolvedAlert(earlier, upstream, at, endsAt, incident)), resolvedAlert(open, upstream, at, endsAt, incident)];
}

/** The resolution of one open alert, to every channel that got it. */
export function resolvedAlert(open: ActiveAlert, upstream: UpstreamAlertState, at: number, endsAt: number, incident: IncidentView | undefined): Alert {
  return message(open.ref, 'resolved', `${open.ref.dedupKey}#resolved`, at, Math.max(endsAt, open.ref.startsAt), factsOf(upstream, incident, open), open.channels, []);
}

function message(ref: AlertRef, phase: Alert['phase'], id: string, at: number, endsAt: number | null, facts: AlertFacts, channels: string[], supersedes: AlertRef[]): Alert {
  return { kind: 'alert', ...ref, id, phase, at, endsAt, facts, supersedes, channels: [...channels] };
}
