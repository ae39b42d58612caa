// Builds health from its settings (the `health` section of the configuration, parsed by zod): the registry,
// the probe checks, the monitor and the HTTP-facing service. The runtime only supplies the store and hooks.
import type { Adapters } from '../adapters/contract.ts';
import { createHealthMonitor, type HealthMonitor, type Timers } from './monitor.ts';
import type { ProbeCheck, ProbeOperation } from './probe.ts';
import { createHealthRegistry, type HealthRegistry, type PipelineView } from './registry.ts';
import type { HealthService } from './service.ts';
import type { HealthStore } from './store.ts';
import type { MaintenanceWindow, UpstreamName } from './types.ts';
import type { QueueStats } from './upstream-record.ts';

interface ProbeSettings {
  enabled: boolean;
  intervalMs: number;
  timeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
  operation: ProbeOperation;
  testPersonalId?: string | undefined;
  communeCode?: string | undefined;
  officerId?: string | undefined;
  purpose?: string | undefined;
}

/** The shape of the configuration's `health` section (src/config/health.ts), defaults applied. */
export interface HealthSettings {
  probes: { population: ProbeSettings; civilStatus: ProbeSettings; land: ProbeSettings };
  judgement: {
    windowMs: number; judgementWindowMs: number; minCalls: number; degradedErrorRate: number; downErrorRate: number;
    slowMs: number; queueDepthDegraded: number; evaluateEveryMs: number;
  };
  incidents: { openDownAfterMs: number; openDegradedAfterMs: number; closeAfterMs: number };
  maintenance: readonly { upstream: UpstreamName; from: string; to: string; note?: string | undefined }[];
  minuteRetentionDays: number;
}

/** Values the runtime knows only at start: a test record and a commune to probe as, when not configured. */
export interface ProbeDefaults {
  testPersonalId?: string | undefined;
  communeCode?: string | undefined;
}

export interface HealthSetupOptions {
  settings: HealthSettings;
  store: HealthStore;
  now: () => number;
  newId: () => string;
  /** The upstream's pipeline snapshot (breaker states). */
  pipeline?: (upstream: UpstreamName) => PipelineView | undefined;
  queueStats?: (upstream: UpstreamName) => QueueStats | undefined | Promise<QueueStats | undefined>;
  /** Store failures and probe set-up warnings. */
  warn: (message: string, details?: Record<string, unknown>) => void;
  /**
   * The planned windows in force, read at each evaluation, replacing `settings.maintenance` (the alert module's
   * schedule: the configured windows plus those created by admin calls). Default: the configured windows.
   */
  maintenance?: () => readonly MaintenanceWindow[];
  /** Every upstream judged, in page order; the built-in three by default. */
  upstreams?: readonly UpstreamName[];
  /** Probes of upstreams registered at start (operation `registered`), beside the configured ones. */
  registeredProbes?: readonly ProbeCheck[];
  /** Readiness beyond the health store (e.g. the ticket store). */
  ready?: () => Promise<void>;
  timers?: Timers;
}

export interface Health {
  registry: HealthRegistry;
  service: HealthService;
  /** Resumes open incidents and starts probing with these adapters. */
  start(adapters: Adapters, defaults?: ProbeDefaults): Promise<void>;
  stop(): Promise<void>;
}

const KEYS: [keyof HealthSettings['probes'], UpstreamName][] = [['population', 'population'], ['civilStatus', 'civil-status'], ['land', 'land']];

/** The configured probes as checks; a lookup without a test record falls back to a credentials-only probe. */
export function probeChecks(settings: HealthSettings, defaults: ProbeDefaults, warn: HealthSetupOptions['warn']): ProbeCheck[] {
  const checks: ProbeCheck[] = [];
  for (const [key, upstream] of KEYS) {
    const probe = settings.probes[key];
    if (!probe.enabled) continue;
    const needsRecord = probe.operation === 'lookup-citizen' || probe.operation === 'login-and-lookup';
    const testPersonalId = needsRecord ? probe.testPersonalId ?? defaults.testPersonalId : undefined;
    let operation = probe.operation;
    if (needsRecord && testPersonalId === undefined) {
      operation = operation === 'lookup-citizen' ? 'token' : 'login';
      warn('no health.probes test record configured: probing credentials only', { upstream, operation });
    }
    checks.push({ ...probe, upstream, operation, testPersonalId, communeCode: probe.communeCode ?? defaults.communeCode });
  }
  return checks;
}

/** The `health.maintenance` windows of the configuration, in epoch ms. */
export function configuredMaintenance(settings: Pick<HealthSettings, 'maintenance'>): MaintenanceWindow[] {
  return settings.maintenance.map((window) => ({
    upstream: window.upstream, fromMs: Date.parse(window.from), toMs: Date.parse(window.to), note: window.note,
  }));
}

export function createHealth(options: HealthSetupOptions): Health {
  const { settings, store } = options;
  const enabled = Object.fromEntries([
    ...KEYS.filter(([key]) => settings.probes[key].enabled).map(([key, upstream]) => [upstream, { ...settings.probes[key] }]),
    ...(options.registeredProbes ?? []).map((check) => [check.upstream, check]),
  ]);
  const maintenance = options.maintenance ?? configuredMaintenance(settings);
  const registry = createHealthRegistry({
    store,
    now: options.now,
    newId: options.newId,
    upstreams: options.upstreams,
    probes: enabled,
    thresholds: settings.judgement,
    incidents: settings.incidents,
    windowMs: settings.judgement.windowMs,
    judgementWindowMs: settings.judgement.judgementWindowMs,
    maintenance,
    queueStats: options.queueStats,
    pipeline: options.pipeline,
    minuteRetentionDays: settings.minuteRetentionDays,
    onError: (error, what) => options.warn(`health: ${what} failed`, { err: error }),
  });
  let monitor: HealthMonitor | undefined;
  return {
    registry,
    service: {
      registry,
      store,
      maintenance: typeof maintenance === 'function' ? maintenance : () => maintenance,
      async ready() {
        await store.ping();
        await options.ready?.();
      },
    },
    async start(adapters, defaults = {}) {
      monitor = createHealthMonitor({
        registry, adapters, checks: [...probeChecks(settings, defaults, options.warn), ...(options.registeredProbes ?? [])], now: options.now, newId: options.newId,
        evaluateEveryMs: settings.judgement.evaluateEveryMs, timers: options.timers,
      });
      await monitor.start();
    },
    async stop() {
      await monitor?.stop();
    },
  };
}
