// Public API of the health module.
export type { CallSample, HealthState, LoginState, MaintenanceWindow, ProbeResult, Reason, UpstreamName } from './types.ts';
export { UPSTREAMS } from './types.ts';
export type { HealthEvent, HealthListener } from './events.ts';
export { judge, DEFAULT_THRESHOLDS, type HealthFigures, type Judgement, type JudgementThresholds } from './judge.ts';
export { DEFAULT_INCIDENT_THRESHOLDS, type IncidentThresholds } from './incident-tracker.ts';
export { createHealthRegistry, type HealthRegistry, type HealthRegistryOptions, type PipelineView } from './registry.ts';
export type { QueueStats, ProbeSettings } from './upstream-record.ts';
export { createHealthMonitor, type HealthMonitor, type HealthMonitorOptions, type Timers } from './monitor.ts';
export { PROBE_UPSTREAM, runProbe, type ProbeCheck, type ProbeOperation } from './probe.ts';
export type { HealthSnapshot, UpstreamHealth } from './snapshot.ts';
export type { HealthStore, Incident, IncidentQuery, MinuteBucket, UptimeCounts } from './store.ts';
export { createMemoryHealthStore } from './memory-store.ts';
export type { HealthService } from './service.ts';
export { statusReport, type StatusReport } from './status-report.ts';
export { incidentsCsv, incidentJson } from './incident-csv.ts';
export { createHealth, probeChecks, type Health, type HealthSettings, type HealthSetupOptions, type ProbeDefaults } from './setup.ts';
