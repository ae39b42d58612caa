// Health checks as data: one probe per upstream (operation, interval, timeout, thresholds), the judgement and
// incident thresholds, and planned maintenance windows. Units are in the key names; src/health documents each.
import { z } from 'zod';

const personalId = z.string().regex(/^\d{12}$/, 'a 12-digit personal ID');
const communeCode = z.string().regex(/^\d{5}$/, 'a 5-digit commune code');

const probeCommon = {
  /** Run this probe. An upstream without a probe is judged from real traffic alone. */
  enabled: z.boolean().default(true),
  /** Pause between the end of one probe and the start of the next. */
  intervalMs: z.number().int().min(100).max(3_600_000).default(30_000),
  /** A probe not finished within this fails as a timeout. */
  timeoutMs: z.number().int().min(50).max(60_000).default(5_000),
  /** Consecutive failed probes before the upstream is down. */
  failureThreshold: z.number().int().min(1).max(100).default(3),
  /** Consecutive good probes before a down upstream is up again. */
  successThreshold: z.number().int().min(1).max(100).default(2),
};
/** Who the probe asks as: the gateway itself, for system monitoring. */
const probeRequest = {
  /** A record that exists upstream (the province's agreed test record). Default with simulators: their first sample citizen. */
  testPersonalId: personalId.optional(),
  /** maDonVi of the probe. Default: the first commune of the first configured client. */
  communeCode: communeCode.optional(),
  officerId: z.string().min(1).default('000000000000'),
  purpose: z.string().min(1).default('giam-sat-he-thong'),
};

export const HealthSchema = z.object({
  probes: z.object({
    population: z.object({ ...probeCommon, ...probeRequest, operation: z.enum(['lookup-citizen', 'token']).default('lookup-citizen') }).strict().prefault({}),
    civilStatus: z.object({ ...probeCommon, ...probeRequest, operation: z.enum(['login-and-lookup', 'login']).default('login-and-lookup') }).strict().prefault({}),
    land: z.object({ ...probeCommon, operation: z.enum(['wsdl']).default('wsdl') }).strict().prefault({}),
  }).strict().prefault({}),
  judgement: z.object({
    /** Span of the figures shown (error rate, latency percentiles). */
    windowMs: z.number().int().min(1_000).max(3_600_000).default(300_000),
    /** Span of real traffic the judgement looks at. */
    judgementWindowMs: z.number().int().min(500).max(3_600_000).default(60_000),
    /** Calls in the judgement window before traffic may judge. */
    minCalls: z.number().int().min(1).default(10),
    /** Share of failed calls (0..1) from which an upstream is degraded. */
    degradedErrorRate: z.number().min(0).max(1).default(0.05),
    /** Share of failed calls (0..1) from which an upstream is down, unless its probe passes. */
    downErrorRate: z.number().min(0).max(1).default(0.5),
    /** p95 of real calls, or a probe's latency, from which an upstream is slow. */
    slowMs: z.number().int().min(1).default(2_000),
    /** Tickets waiting from which an upstream counts as queueing (degraded). */
    queueDepthDegraded: z.number().int().min(1).default(1),
    /** Evaluate at least this often, even without probe results. */
    evaluateEveryMs: z.number().int().min(100).max(60_000).default(5_000),
  }).strict().prefault({}),
  incidents: z.object({
    /** Down for this long opens an incident (the probe threshold already debounces). */
    openDownAfterMs: z.number().int().min(0).default(0),
    /** Degraded (or worse) for this long opens an incident. */
    openDegradedAfterMs: z.number().int().min(0).default(120_000),
    /** Good for this long closes the incident; a relapse within it continues the same incident. */
    closeAfterMs: z.number().int().min(0).default(120_000),
  }).strict().prefault({}),
  /** Planned maintenance: the upstream shows "maintenance" and no incident opens. */
  maintenance: z.array(z.object({
    upstream: z.enum(['population', 'civil-status', 'land']),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    note: z.string().max(200).optional(),
  }).strict().refine((window) => Date.parse(window.to) > Date.parse(window.from), 'to must be after from')).default([]),
  /** Minute buckets (uptime history) are kept this long. */
  minuteRetentionDays: z.number().int().min(90).max(3_650).default(90),
}).strict();

export type HealthConfig = z.infer<typeof HealthSchema>;
