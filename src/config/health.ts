// Health checks as data: one probe per upstream (operation, interval, timeout, thresholds), the judgement and
// incident thresholds, and planned maintenance windows. Units are in the key names; src/health documents each.
import { z } from 'zod';
import { BUILT_IN_UPSTREAM_NAMES } from '../upstreams/registry.ts';

const personalId = z.string().regex(/^\d{12}$/, 'a 12-digit personal ID');
const communeCode = z.string().regex(/^\d{5}$/, 'a 5-digit commune code');

const probeCommon = {
  enabled: z.boolean().default(true).describe('Run this probe. An upstream without a probe is judged from real traffic alone.'),
  intervalMs: z.number().int().min(100).max(3_600_000).default(30_000)
    .describe('Pause between the end of one probe and the start of the next, ms.'),
  timeoutMs: z.number().int().min(50).max(60_000).default(5_000).describe('A probe not finished within this fails as a timeout, ms.'),
  failureThreshold: z.number().int().min(1).max(100).default(3).describe('Consecutive failed probes before the upstream is down.'),
  successThreshold: z.number().int().min(1).max(100).default(2).describe('Consecutive good probes before a down upstream is up again.'),
};
/** Who the probe asks as: the gateway itself, for system monitoring. */
const probeRequest = {
  testPersonalId: personalId.optional()
    .describe("A personal ID that exists upstream (the province's agreed test record). Absent: the simulators' first sample citizen, or with real upstreams the population probe checks credentials only."),
  communeCode: communeCode.optional()
    .describe('The commune the probe asks as (`maDonVi`). Absent: the first commune of the first configured client.'),
  officerId: z.string().min(1).default('000000000000').describe('The officer ID the probe sends (`maCanBo`).'),
  purpose: z.string().min(1).default('giam-sat-he-thong').describe('The purpose the probe sends (`mucDich`).'),
};

export const HealthSchema = z.object({
  probes: z.object({
    population: z.object({
      ...probeCommon,
      ...probeRequest,
      operation: z.enum(['lookup-citizen', 'token']).default('lookup-citizen')
        .describe('`lookup-citizen` looks up testPersonalId (token included); `token` only fetches an OAuth2 token.'),
    }).strict().prefault({}).describe('The population probe.'),
    civilStatus: z.object({
      ...probeCommon,
      ...probeRequest,
      operation: z.enum(['login-and-lookup', 'login']).default('login-and-lookup')
        .describe('`login-and-lookup` logs in and looks up testPersonalId; `login` only logs in.'),
    }).strict().prefault({}).describe('The civil-status probe.'),
    land: z.object({
      ...probeCommon,
      operation: z.enum(['wsdl']).default('wsdl').describe('`wsdl` fetches the service description (`GET …/dat-dai/ws?wsdl`).'),
    }).strict().prefault({}).describe('The land probe.'),
  }).strict().prefault({})
    .describe('One probe per upstream. Probes bypass the cache and the breaker, so they see a recovery while the breaker is still open.'),
  judgement: z.object({
    windowMs: z.number().int().min(1_000).max(3_600_000).default(300_000)
      .describe('Span of the figures shown (error rate, latency percentiles), ms.'),
    judgementWindowMs: z.number().int().min(500).max(3_600_000).default(60_000).describe('Span of real traffic the judgement looks at, ms.'),
    minCalls: z.number().int().min(1).default(10).describe('Calls in the judgement window before traffic may judge.'),
    degradedErrorRate: z.number().min(0).max(1).default(0.05).describe('Share of failed calls (0..1) from which an upstream is degraded.'),
    downErrorRate: z.number().min(0).max(1).default(0.5)
      .describe('Share of failed calls (0..1) from which an upstream is down, unless its probe passes.'),
    slowMs: z.number().int().min(1).default(2_000).describe("p95 of real calls, or a probe's latency, from which an upstream is slow, ms."),
    queueDepthDegraded: z.number().int().min(1).default(1).describe('Tickets waiting from which an upstream counts as queueing (degraded).'),
    evaluateEveryMs: z.number().int().min(100).max(60_000).default(5_000)
      .describe('Evaluate at least this often, even without probe results, ms.'),
  }).strict().prefault({}).describe('How probe results and real traffic are judged: up, degraded, slow or down.'),
  incidents: z.object({
    openDownAfterMs: z.number().int().min(0).default(0)
      .describe('Down for this long opens an incident, ms (the probe threshold already debounces).'),
    openDegradedAfterMs: z.number().int().min(0).default(120_000).describe('Degraded (or worse) for this long opens an incident, ms.'),
    closeAfterMs: z.number().int().min(0).default(120_000)
      .describe('Good for this long closes the incident, ms; a relapse within it continues the same incident.'),
  }).strict().prefault({}).describe('When an incident (the record of an outage) opens and closes.'),
  maintenance: z.array(z.object({
    upstream: z.enum(BUILT_IN_UPSTREAM_NAMES).describe('The upstream under maintenance.'),
    from: z.iso.datetime({ offset: true }).describe('Start, e.g. `2026-12-05T22:00:00+07:00`.'),
    to: z.iso.datetime({ offset: true }).describe('End; after `from`.'),
    note: z.string().max(200).optional().describe('Shown on the status page.'),
  }).strict().refine((window) => Date.parse(window.to) > Date.parse(window.from), 'to must be after from')).default([])
    .describe('Planned maintenance windows: the upstream shows "maintenance" and no incident opens.'),
  minuteRetentionDays: z.number().int().min(90).max(3_650).default(90).describe('Minute buckets (uptime history) are kept this long, days.'),
}).strict();

export type HealthConfig = z.infer<typeof HealthSchema>;
