// Everything the registry keeps about one upstream between evaluations, and the figures read from it.
import type { BreakerState } from '../resilience/events.ts';
import { createCallWindow, type CallWindow, type WindowStats } from './call-window.ts';
import { createIncidentSlot, type IncidentSlot } from './incident-slot.ts';
import type { HealthFigures } from './judge.ts';
import { createMinuteRecorder, type MinuteRecorder } from './minute-recorder.ts';
import { initialProbeTrack, type ProbeThresholds, type ProbeTrack } from './probe-tracker.ts';
import type { BreakerSummary, HealthState, LoginState, Reason, UpstreamName } from './types.ts';

/** Verification queue figures for one upstream, from the queue module. */
export interface QueueStats {
  /** Tickets waiting. */
  depth: number;
  /** When the oldest waiting ticket was queued, epoch ms; null when none waits. */
  oldestTicketAt: number | null;
}

/** A configured probe as the registry needs it: its operation's name and thresholds. */
export interface ProbeSettings extends ProbeThresholds {
  operation: string;
}

export interface UpstreamRecord {
  upstream: UpstreamName;
  /** Calls over the display window (figures shown). */
  window: CallWindow;
  /** Calls over the judgement window, emptied when the probe sees the upstream recover: old failures are not judged. */
  recent: CallWindow;
  probeSettings: ProbeSettings | undefined;
  probe: ProbeTrack;
  login: LoginState;
  /** When `login` last changed, epoch ms. */
  loginSince: number;
  breakers: Map<string, BreakerState>;
  /** Breaker group → when it entered its current state, epoch ms. */
  breakerSince: Map<string, number>;
  queue: QueueStats | null;
  /** Commune → when a call for it was last refused as not provisioned, epoch ms. */
  notProvisioned: Map<string, number>;
  state: HealthState;
  since: number;
  /** End of the last sign of trouble (a failed or slow call or probe), epoch ms; 0 when none. */
  lastTroubleAt: number;
  /** A judgement with evidence was made since start: a later `no-data` means the figures aged out, not "unknown". */
  evidenceSeen: boolean;
  reasons: Reason[];
  /** The upstream's outages (down or degraded). */
  outage: IncidentSlot;
  /** Our credentials refused: ours to fix, recorded apart from outages. */
  credentials: IncidentSlot;
  minutes: MinuteRecorder;
}

export interface WindowSettings {
  windowMs: number;
  judgementWindowMs: number;
  sliceMs: number;
}

export function createUpstreamRecord(upstream: UpstreamName, windows: WindowSettings, probeSettings: ProbeSettings | undefined, at: number): UpstreamRecord {
  return {
    upstream,
    window: createCallWindow({ windowMs: windows.windowMs, sliceMs: windows.sliceMs }),
    recent: createRecentWindow(windows),
    probeSettings,
    probe: initialProbeTrack,
    login: 'unknown',
    loginSince: at,
    breakers: new Map(),
    breakerSince: new Map(),
    queue: null,
    notProvisioned: new Map(),
    state: 'operational',
    since: at,
    evidenceSeen: false,
    lastTroubleAt: 0,
    reasons: ['no-data'],
    outage: createIncidentSlot('outage'),
    credentials: createIncidentSlot('credentials'),
    minutes: createMinuteRecorder(upstream, 'operational'),
  };
}

export function createRecentWindow(windows: WindowSettings): CallWindow {
  return createCallWindow({ windowMs: windows.judgementWindowMs, sliceMs: windows.sliceMs });
}

const BREAKER_ORDER: Record<BreakerSummary, number> = { unknown: 0, closed: 1, 'half-open': 2, open: 3 };

/** The worst state among the upstream's breaker groups. */
export function summariseBreakers(breakers: ReadonlyMap<string, BreakerState>): BreakerSummary {
  let worst: BreakerSummary = 'unknown';
  for (const state of breakers.values()) if (BREAKER_ORDER[state] > BREAKER_ORDER[worst]) worst = state;
  return worst;
}

/** Notes what we know of our credentials; a change starts its `since`. */
export function setLogin(record: UpstreamRecord, login: LoginState, at: number): void {
  if (record.login !== login) record.loginSince = at;
  record.login = login;
}

/** Notes a breaker group's state; a change starts its `since`. */
export function setBreaker(record: UpstreamRecord, group: string, state: BreakerState, at: number): void {
  if (record.breakers.get(group) !== state) record.breakerSince.set(group, at);
  record.breakers.set(group, state);
}

/**
 * The breaker groups that count against the upstream. Once the probes prove a recovery, a breaker still open
 * from before it says nothing new about the upstream (it only waits for its reset timeout), and a half-open one
 * only waits for a call to try: neither may hold a recovered upstream degraded. A breaker that opens after the
 * recovery does count: real calls fail again.
 */
export function countedBreakers(record: UpstreamRecord): Map<string, BreakerState> {
  const recoveredAt = record.probeSettings && record.probe.status === 'up' ? record.probe.since : null;
  if (recoveredAt === null) return record.breakers;
  const counted = new Map<string, BreakerState>();
  for (const [group, state] of record.breakers) {
    const since = record.breakerSince.get(group) ?? 0;
    counted.set(group, state === 'half-open' || (state === 'open' && since <= recoveredAt) ? 'closed' : state);
  }
  return counted;
}

/** The judgement's input, from the record and the traffic over the judgement window. */
export function figuresOf(record: UpstreamRecord, traffic: WindowStats, maintenance: boolean, notProvisioned: boolean): HealthFigures {
  const last = record.probe.last;
  const lastOk = last !== null && last.at === record.probe.lastAvailableAt;
  return {
    maintenance,
    notProvisioned,
    probe: record.probeSettings ? record.probe.status : 'unknown',
    probeIntermittent: record.probeSettings !== undefined && record.probe.intermittent,
    probeLatencyMs: lastOk ? last.latencyMs : null,
    login: record.login,
    breaker: summariseBreakers(countedBreakers(record)),
    traffic,
    queueDepth: record.queue?.depth ?? null,
  };
}
