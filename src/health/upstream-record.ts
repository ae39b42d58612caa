// Everything the registry keeps about one upstream between evaluations, and the figures read from it.
import type { BreakerState } from '../resilience/events.ts';
import { createCallWindow, type CallWindow, type WindowStats } from './call-window.ts';
import { idleTrack, type IncidentTrack } from './incident-tracker.ts';
import type { HealthFigures } from './judge.ts';
import { createMinuteRecorder, type MinuteRecorder } from './minute-recorder.ts';
import { initialProbeTrack, type ProbeThresholds, type ProbeTrack } from './probe-tracker.ts';
import { createSpellCounters, type SpellCounters } from './spell-counters.ts';
import type { Incident } from './store.ts';
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
  breakers: Map<string, BreakerState>;
  queue: QueueStats | null;
  /** Commune → when a call for it was last refused as not provisioned, epoch ms. */
  notProvisioned: Map<string, number>;
  state: HealthState;
  since: number;
  reasons: Reason[];
  track: IncidentTrack;
  /** Calls that hurt callers since the last evaluation. */
  pending: SpellCounters;
  /** Calls that hurt callers during the current bad spell. */
  spell: SpellCounters;
  incident: Incident | null;
  incidentSavedAt: number;
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
    breakers: new Map(),
    queue: null,
    notProvisioned: new Map(),
    state: 'operational',
    since: at,
    reasons: ['no-data'],
    track: idleTrack,
    pending: createSpellCounters(),
    spell: createSpellCounters(),
    incident: null,
    incidentSavedAt: 0,
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

/** The judgement's input, from the record and the traffic over the judgement window. */
export function figuresOf(record: UpstreamRecord, traffic: WindowStats, maintenance: boolean, notProvisioned: boolean): HealthFigures {
  const last = record.probe.last;
  const lastOk = last !== null && last.at === record.probe.lastAvailableAt;
  return {
    maintenance,
    notProvisioned,
    probe: record.probeSettings ? record.probe.status : 'unknown',
    probeLatencyMs: lastOk ? last.latencyMs : null,
    login: record.login,
    breaker: summariseBreakers(record.breakers),
    traffic,
    queueDepth: record.queue?.depth ?? null,
  };
}
