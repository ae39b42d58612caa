// Builds one resilience pipeline per upstream from configuration and exposes it as the gateway's
// UpstreamCaller seam: the single function every adapter operation is called through.
import { SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import { ResilienceSchema, type ResilienceConfig } from '../config/resilience.ts';
import type { Config } from '../config/schema.ts';
import type { UpstreamBlock } from '../upstreams/definition.ts';
import { createUpstreamSet, type UpstreamSet } from '../upstreams/upstream-set.ts';
import { describeUpstream } from '../upstreams/registry.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { CacheProbe, UpstreamCall, UpstreamCaller } from '../gateway/services.ts';
import { createCommuneConfirmations } from '../gateway/commune-confirmations.ts';
import { createUpstreamPipeline, type CallContext, type CallOutcome, type ResilienceListener, type UpstreamPipeline } from '../resilience/index.ts';


/** What one finished call looked like, for the health registry (no keys, no personal data). */
export interface CallRecord {
  upstream: UpstreamName;
  operation: string;
  ok: boolean;
  /** The error of a failed call, or the one that made a stale answer be served. */
  errorCode: string | undefined;
  freshness: 'fresh' | 'cached' | 'stale' | undefined;
  latencyMs: number;
  at: number;
  communeCode: string | undefined;
}

export interface UpstreamCallersOptions {
  config: Config;
  /** The upstreams to build a pipeline for; the built-in three of `config` by default. */
  upstreams?: UpstreamSet;
  now: () => number;
  onEvent?: (upstream: UpstreamName, event: Parameters<ResilienceListener>[0]) => void;
  onCall?: (record: CallRecord) => void;
  /** Makes a span per call (a child of the request's) when telemetry is on; absent = no spans. */
  tracer?: Tracer;
  /** Identical concurrent calls share one upstream call (default true); false on Workers (pipeline.ts `shareCalls`). */
  shareCalls?: boolean;
}

export interface UpstreamCallers {
  callers: Record<UpstreamName, UpstreamCaller>;
  pipelines: Record<UpstreamName, UpstreamPipeline>;
  dispose(): void;
}

export function createUpstreamCallers(options: UpstreamCallersOptions): UpstreamCallers {
  const pipelines = {} as Record<UpstreamName, UpstreamPipeline>;
  const callers = {} as Record<UpstreamName, UpstreamCaller>;
  const upstreams = options.upstreams ?? createUpstreamSet(options.config);
  for (const upstream of upstreams.names) {
    const block = upstreams.block(upstream);
    const settings = block.resilience ?? ResilienceSchema.parse({});
    const pipeline = buildPipeline(options, upstream, settings);
    pipelines[upstream] = pipeline;
    callers[upstream] = asCaller(upstream, pipeline, block, settings, options);
  }
  return { callers, pipelines, dispose: () => Object.values(pipelines).forEach((pipeline) => pipeline.dispose()) };
}

function buildPipeline(options: UpstreamCallersOptions, upstream: UpstreamName, settings: ResilienceConfig): UpstreamPipeline {
  const described = describeUpstream(upstream);
  const groups: Record<string, string> = { ...described?.breakerGroups, ...settings.breakerGroups };
  return createUpstreamPipeline({
    name: upstream,
    groupOf: (operation) => groups[operation] ?? upstream,
    now: options.now,
    onEvent: options.onEvent ? (event) => options.onEvent?.(upstream, event) : undefined,
    cache: { ...settings.cache, operations: { ...described?.cacheOperations, ...settings.cache.operations } },
    bulkhead: settings.bulkhead,
    breaker: settings.breaker,
    retry: settings.retry,
    retryBudget: settings.retryBudget,
    shareCalls: options.shareCalls,
  });
}

function asCaller(upstream: UpstreamName, pipeline: UpstreamPipeline, upstreamConfig: UpstreamBlock, settings: ResilienceConfig, options: UpstreamCallersOptions): UpstreamCaller {
  const { tracer } = options;
  const confirmations = createCommuneConfirmations({
    windowMs: settings.cache.communeConfirmationSeconds * 1000,
    now: options.now,
  });
  /** Probes and other calls of the gateway's own carry no commune: the cache serves them as before. */
  const mayUseCache = (call: CacheProbe) => call.communeCode === undefined || confirmations.isConfirmed(call.operation, call.communeCode);
  // A commune not confirmed takes no cached answer and joins no other commune's flight; its answer is stored.
  const scoped = (call: UpstreamCall): UpstreamCall => (mayUseCache(call) ? call : { ...call, privateReader: call.communeCode });
  const learn = (call: CacheProbe, outcome: CallOutcome | undefined, error?: unknown) => {
    if (call.communeCode === undefined) return;
    if (outcome?.freshness === 'fresh' && !outcome.sharedFlight) confirmations.answered(call.operation, call.communeCode);
    else if ((error as { code?: string } | undefined)?.code === 'not-provisioned') confirmations.refused(call.operation, call.communeCode);
  };
  const record = (call: CacheProbe, startedAt: number, ok: boolean, errorCode: string | undefined, freshness: CallRecord['freshness']) =>
    options.onCall?.({
      upstream, operation: call.operation, ok, errorCode, freshness, latencyMs: options.now() - startedAt, at: startedAt, communeCode: call.communeCode,
    });
  // A child of the request's span when there is one. Never the cache key or the commune: only what names the
  // call and how it went.
  const startSpan = (call: CacheProbe) => tracer?.startSpan(`${upstream} ${call.operation}`, {
    kind: SpanKind.INTERNAL,
    attributes: { 'gateway.upstream': upstream, 'gateway.operation': call.operation },
  });
  const failed = (call: CacheProbe, startedAt: number, error: unknown, span: Span | undefined, retries: number) => {
    const code = (error as { code?: string }).code ?? 'internal';
    record(call, startedAt, false, code, undefined);
    // The code only: an error's message may quote the upstream's answer.
    span?.setAttributes({ 'gateway.outcome': code, 'gateway.retries': retries });
    span?.setStatus({ code: SpanStatusCode.ERROR, message: code });
  };
  return {
    deadlineMs: (operation) => upstreamConfig.operationDeadlinesMs[operation] ?? upstreamConfig.deadlineMs,
    async execute(call, operation) {
      const startedAt = options.now();
      const span = startSpan(call);
      // The context the policies ran the operation with: its outcome counts retries even when the call fails.
      let ran: CallContext | undefined;
      try {
        const result = await pipeline.execute(scoped(call), (ctx) => {
          ran = ctx;
          return operation({ signal: ctx.signal });
        });
        learn(call, result.outcome);
        record(call, startedAt, true, result.outcome.staleReason, result.outcome.freshness);
        span?.setAttributes({ 'gateway.outcome': result.outcome.freshness, 'gateway.retries': result.outcome.retries });
        return result;
      } catch (error) {
        learn(call, undefined, error);
        failed(call, startedAt, error, span, ran?.outcome.retries ?? 0);
        throw error;
      } finally {
        span?.end();
      }
    },
    cached<T>(call: CacheProbe) {
      const startedAt = options.now();
      if (!mayUseCache(call)) return undefined;
      let hit: { value: T; outcome: CallOutcome } | undefined;
      try {
        hit = pipeline.cached<T>(call);
      } catch (error) {
        const span = startSpan(call);
        failed(call, startedAt, error, span, 0);
        span?.end();
        throw error;
      }
      if (!hit) return undefined;
      record(call, startedAt, true, undefined, hit.outcome.freshness);
      startSpan(call)?.setAttributes({ 'gateway.outcome': hit.outcome.freshness, 'gateway.retries': 0 }).end();
      return hit;
    },
  };
}
