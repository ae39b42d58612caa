// Spans of a request and of its upstream calls, read from an in-memory exporter: named by route pattern, nested,
// and free of personal IDs, cache keys and error messages.
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Adapters } from '../adapters/contract.ts';
import { ConfigSchema } from '../config/schema.ts';
import { NotFoundError, TransientError } from '../domain/errors.ts';
import { createApp } from '../gateway/app.ts';
import { sha256Hex } from '../keys/sha256.ts';
import type { Logger, Services } from '../gateway/services.ts';
import { createUpstreamCallers, type UpstreamCallers } from '../services/upstream-callers.ts';
import { TEST_CITIZEN as citizen } from '../gateway/citizen-fixture.ts';

const KEY = 'test-key-0123456789';
const FOUND = '051190000123';
const MISSING = '051190000124';
const BUSY = '051190000125';
const OFFICER = '051090001234';
const headers = { Authorization: `Bearer ${KEY}`, 'X-Officer-Id': OFFICER, 'X-Purpose': 'dang-ky-khai-sinh' };

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
// Errors that quote the personal ID, as an upstream's message might: it must not reach a span.
const adapters = {
  population: {
    upstream: 'population',
    lookupCitizen: async (personalId: string) => {
      if (personalId === FOUND) return citizen;
      throw new NotFoundError(`no citizen ${personalId}`, { upstream: 'population' });
    },
  },
  civilStatus: {
    upstream: 'civil-status',
    findBirths: async (personalId: string) => { throw new TransientError(`busy while reading ${personalId}`, { upstream: 'civil-status' }); },
  },
} as unknown as Adapters;

const upstream = (baseUrl: string) => ({ baseUrl, username: 'u', password: 'p' });
const config = ConfigSchema.parse({
  upstreams: {
    population: { baseUrl: 'http://127.0.0.1:1', clientId: 'c', clientSecret: 's' },
    civilStatus: { ...upstream('http://127.0.0.1:2'), resilience: { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } } },
    land: upstream('http://127.0.0.1:3'),
  },
});

const exporter = new InMemorySpanExporter();
let sdk: NodeSDK;
let callers: UpstreamCallers;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  sdk = new NodeSDK({
    spanProcessors: [new SimpleSpanProcessor({ exporter })], metricReaders: [], logRecordProcessors: [], textMapPropagator: null, autoDetectResources: false,
  });
  sdk.start();
  callers = createUpstreamCallers({ config, now: Date.now, tracer: trace.getTracer('commune-gateway') });
  const services: Services = {
    adapters,
    upstreams: callers.callers,
    clients: [{ name: 'Xã Sơn Thủy', keySha256: await sha256Hex(KEY), communes: ['21085'], mayReadReligion: false }],
    logger: silent,
    now: Date.now,
    newId: () => crypto.randomUUID(),
    maxRequestTimeoutMs: 5000,
    tracer: trace.getTracer('commune-gateway'),
  };
  app = createApp(services);
});

afterAll(async () => {
  callers.dispose();
  await sdk.shutdown();
  trace.disable();
  context.disable();
});

beforeEach(() => exporter.reset());

const spans = () => exporter.getFinishedSpans();
const named = (name: string) => spans().filter((span) => span.name === name);
/** Everything a span exports that a person could read: name, attributes, status message, events. */
const exported = (span: ReadableSpan) => JSON.stringify([span.name, span.attributes, span.status, span.events]);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

describe('tracing', () => {
  it('makes one server span per request, named by method and route pattern, with method, route, status and request id', async () => {
    const response = await app.request(`/v1/citizens/${FOUND}`, { headers: { ...headers, 'X-Request-Id': 'req-trace-0001' } });
    expect(response.status).toBe(200);
    const [request] = named('GET /v1/citizens/:personalId');
    expect(request?.attributes).toEqual({
      'http.request.method': 'GET', 'http.route': '/v1/citizens/:personalId', 'http.response.status_code': 200, 'gateway.request_id': 'req-trace-0001',
    });
    expect(request?.parentSpanContext).toBeUndefined();
  });

  it('makes a child span per upstream call with upstream, operation, freshness and retries', async () => {
    await app.request(`/v1/citizens/${FOUND}`, { headers: { ...headers, 'Cache-Control': 'no-cache' } });
    await app.request(`/v1/citizens/${FOUND}`, { headers });
    const requests = named('GET /v1/citizens/:personalId');
    const calls = named('population lookupCitizen');
    expect(requests).toHaveLength(2);
    expect(calls.map((call) => call.attributes)).toEqual([
      { 'gateway.upstream': 'population', 'gateway.operation': 'lookupCitizen', 'gateway.outcome': 'fresh', 'gateway.retries': 0 },
      { 'gateway.upstream': 'population', 'gateway.operation': 'lookupCitizen', 'gateway.outcome': 'cached', 'gateway.retries': 0 },
    ]);
    calls.forEach((call, index) => {
      expect(call.parentSpanContext?.spanId).toBe(requests[index]?.spanContext().spanId);
      expect(call.spanContext().traceId).toBe(requests[index]?.spanContext().traceId);
    });
  });

  it('records a failed call by its error code and retries, never by its message', async () => {
    const missing = await app.request(`/v1/citizens/${MISSING}`, { headers });
    expect(missing.status).toBe(404);
    const busy = await app.request(`/v1/civil-status/births?personalId=${BUSY}`, { headers });
    expect(busy.status).toBe(503);

    const [notFound] = named('population lookupCitizen');
    expect(notFound?.attributes).toMatchObject({ 'gateway.outcome': 'not-found', 'gateway.retries': 0 });
    expect(notFound?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'not-found' });
    const [transient] = named('civil-status findBirths');
    expect(transient?.attributes).toMatchObject({ 'gateway.outcome': 'transient', 'gateway.retries': 2 });
    const [births] = named('GET /v1/civil-status/births');
    expect(births?.attributes).toMatchObject({ 'http.route': '/v1/civil-status/births', 'http.response.status_code': 503 });
    expect(births?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('puts no personal ID, cache key or upstream message in any span name or attribute', async () => {
    await app.request(`/v1/citizens/${FOUND}`, { headers });
    await app.request(`/v1/citizens/${MISSING}`, { headers });
    await app.request(`/v1/civil-status/births?personalId=${BUSY}`, { headers });
    await app.request(`/v1/citizens/${FOUND}`, { headers: { Authorization: 'Bearer wrong', 'X-Officer-Id': OFFICER } });
    await app.request(`/v1/nothing-here/${FOUND}`, { headers });
    expect(spans().length).toBeGreaterThanOrEqual(8);
    for (const span of spans()) {
      const text = exported(span);
      for (const secret of [FOUND, MISSING, BUSY, OFFICER, 'lookupCitizen:', 'findBirths:', 'busy while', 'no citizen']) {
        expect(text).not.toContain(secret);
      }
      // No 12-digit run anywhere, whatever the ID. Request ids are UUIDs, whose last group is all digits about once
      // in 280 (it made this test fail at random), so they are left out of the search.
      expect(text.replaceAll(UUID, '<uuid>')).not.toMatch(/\d{12}/);
    }
  });
});
