// Property: whatever malformed path, query, headers or body a client sends to any route, the real gateway answers
// it without a 5xx, every error as an RFC 9457 problem, and without stalling its event loop for other clients.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fc from 'fast-check';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/keys/sha256.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { getRequest, openRaw } from '../support/raw-http.ts';
import { fetchSample } from '../support/sample.ts';

const ADMIN_KEY = 'admin-key-for-the-property-test-0001';
/** Routes served outside the OpenAPI document. */
const UNDOCUMENTED = ['/health/live', '/health/ready', '/status', '/metrics', '/openapi.json', '/docs', '/docs/assets/{file}'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
/**
 * Event-loop delay the run may see at most, in ms. The gateway runs in this process, so a request that blocks its
 * loop shows here (a 50 MB body once blocked it for 60 s; a million unknown fields for seconds). Generous, because
 * test files run in parallel on small machines and their scheduling alone reaches a few hundred ms.
 */
const MAX_EVENT_LOOP_DELAY_MS = 1_000;
const RUNS = 200;

let gateway: TestGateway;
let pool: Pool;
let routes: Array<{ method: string; template: string }>;
/** The documented routes that read a request body. */
let bodyRoutes: Array<{ method: string; template: string }>;
let knownIds: string[];
/** Bodies far over any limit, built once before the clock runs: building them is the test's work, not the gateway's. */
let hugeBodies: string[];

beforeAll(async () => {
  const adminKeySha256 = await sha256Hex(ADMIN_KEY);
  gateway = await startTestGateway((config) => { config.alerts.adminKeySha256 = adminKeySha256; });
  pool = new Pool(gateway.url, { connections: 4 });
  const document = (await (await fetch(`${gateway.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  routes = [
    ...Object.entries(document.paths).flatMap(([template, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), template }))),
    ...UNDOCUMENTED.map((template) => ({ method: 'GET', template })),
  ];
  bodyRoutes = routes.filter((route) => ['POST', 'PUT', 'PATCH'].includes(route.method));
  const sample = await fetchSample(gateway.simulators!.population.url);
  knownIds = [...sample.citizens.slice(0, 2), sample.communes[0]!, 'swagger-ui.css'];
  hugeBodies = [
    `{"type":"marital-status","subject":{"personalId":"051190000123"},"pad":"${'x'.repeat(8_000_000)}"}`,
    `{"type":"marital-status","subject":{"personalId":"051190000123"},${Array.from({ length: 500_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
    `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`,
  ];
});
afterAll(async () => {
  await pool?.close();
  await gateway?.close();
});

/** Characters a request target may carry as they are (the HTTP parser refuses the others before the app sees them). */
const TARGET_CHARS = [...Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i))].filter((char) => !'#?/'.includes(char));
const headerText = fc.string({ unit: fc.constantFrom(...TARGET_CHARS, ' '), maxLength: 60 }).map((text) => text.trim());

const segment = fc.oneof(
  fc.constantFrom(...['051190000123', '21085', '1', 'x']),
  fc.string({ unit: fc.constantFrom(...TARGET_CHARS), maxLength: 30 }),
  fc.constantFrom('%', '%zz', '%00', '%2F', '%5C', '\\', '%C0%AF', '..', '.', '%FF%FE', '%E2%82', '', 'a'.repeat(3_000), '%F0%9F%98%80'),
  fc.string({ unit: 'grapheme', maxLength: 8 }).map(encodeURIComponent),
);

const query = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom('personalId', 'status', 'limit', 'cursor', 'communeCode', 'lang', 'commune', 'fragment', 'format', 'x'), segment),
    fc.oneof(fc.constantFrom('051190000123', 'queued', '0', '-1', '1e309', 'en', '21085', '1', 'csv', ''), segment),
  ),
  { maxLength: 4 },
).map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`));

/** A header as a well-behaved client sends it (most often), as junk, or absent: most requests then reach the body. */
const header = (valid: fc.Arbitrary<string>, ...odd: string[]) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: odd.length > 0 ? fc.oneof(fc.constantFrom(...odd), headerText) : headerText }, { weight: 1, arbitrary: fc.constant('') });

const headers = fc.record({
  authorization: fc.oneof(fc.constant('valid'), fc.constant('admin'), fc.constantFrom('Bearer', 'bearer x', 'Basic abc', 'Bearer  '), headerText),
  'accept-language': header(fc.constantFrom('en', 'vi'), 'en;q=0, vi;q=abc', '*'),
  'request-timeout': header(fc.constantFrom('5', '30'), '0', '-1', '1e309', 'NaN'),
  'x-officer-id': header(fc.constant('051090001234')),
  'x-purpose': header(fc.constant('dang-ky-khai-sinh')),
  'x-commune-code': header(fc.constant('21085')),
  'x-case-id': header(fc.constant('HS-2026-0001')),
  'idempotency-key': header(fc.uuid(), '"quoted"'),
  'cache-control': header(fc.constant('no-cache')),
  'content-type': header(fc.constant('application/json'), 'text/plain', 'application/json; charset=utf-16', 'multipart/form-data'),
  'x-request-id': headerText,
});

const verificationLike = fc.record({
  type: fc.oneof(fc.constantFrom('citizen-identity', 'marital-status', 'land-parcel'), fc.jsonValue()),
  subject: fc.oneof(
    fc.record({ personalId: fc.oneof(fc.constant('051190000123'), fc.jsonValue()), fullName: fc.jsonValue(), dateOfBirth: fc.jsonValue() }, { requiredKeys: [] }),
    fc.record({ communeCode: fc.jsonValue(), mapSheet: fc.jsonValue(), parcelNumber: fc.jsonValue() }, { requiredKeys: [] }),
    fc.jsonValue(),
  ),
  callbackUrl: fc.oneof(fc.webUrl(), fc.jsonValue()),
  citizenWaiting: fc.jsonValue(),
  upstream: fc.jsonValue(),
  from: fc.jsonValue(),
  to: fc.jsonValue(),
}, { requiredKeys: [] }).map((value) => JSON.stringify(value));

const body = fc.oneof(
  { weight: 3, arbitrary: verificationLike },
  { weight: 2, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  // Over the limit or near it: a long string, many unknown fields, deep nesting; and megabytes of each.
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 40_000 }).map((length) => `{"pad":"${'x'.repeat(length)}"}`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 4_000 }).map((keys) => `{${Array.from({ length: keys }, (_, i) => `"k${i}":1`).join(',')}}`) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 10_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`) },
  { weight: 1, arbitrary: fc.nat().map((i) => hugeBodies[i % hugeBodies.length]!) },
);

/** Anything at any route: odd methods, paths, queries, headers and bodies. */
const anyRequest = fc.record({
  kind: fc.constant('any' as const),
  route: fc.nat(),
  method: fc.oneof(fc.constant('documented'), fc.constantFrom(...METHODS)),
  params: fc.array(fc.oneof(fc.nat().map((i) => `known:${i}`), segment), { minLength: 6, maxLength: 6 }),
  suffix: fc.constantFrom('', '', '/', '//', '/extra', '/%2e%2e', '.json'),
  query,
  headers,
  body,
});

/** A well-formed call of a route that reads a body (right key and headers), with a malformed body. */
const bodyRequest = fc.record({ kind: fc.constant('body' as const), route: fc.nat(), idempotencyKey: fc.uuid(), language: fc.constantFrom('vi', 'en'), body });

const request = fc.oneof({ weight: 2, arbitrary: anyRequest }, { weight: 1, arbitrary: bodyRequest });

type Sent = { method: string; path: string; headers: Record<string, string>; body: string | undefined };

type Case = typeof request extends fc.Arbitrary<infer T> ? T : never;

function build(input: Case): Sent {
  if (input.kind === 'body') {
    const route = bodyRoutes[input.route % bodyRoutes.length]!;
    const key = route.template.startsWith('/v1/admin/') ? ADMIN_KEY : gateway.apiKey;
    return {
      method: route.method,
      path: route.template,
      headers: {
        authorization: `Bearer ${key}`, 'x-officer-id': '051090001234', 'x-purpose': 'dang-ky-khai-sinh', 'content-type': 'application/json',
        'idempotency-key': input.idempotencyKey,
        'accept-language': input.language,
      },
      body: input.body,
    };
  }
  const route = routes[input.route % routes.length]!;
  let index = 0;
  const path = route.template.replaceAll(/\{[^}]+\}/g, () => {
    const param = input.params[index++ % input.params.length]!;
    return param.startsWith('known:') ? knownIds[Number(param.slice(6)) % knownIds.length]! : param;
  }) + input.suffix + input.query;
  const method = input.method === 'documented' ? route.method : input.method;
  const headers: Record<string, string> = { ...input.headers };
  if (headers['authorization'] === 'valid') headers['authorization'] = `Bearer ${gateway.apiKey}`;
  if (headers['authorization'] === 'admin') headers['authorization'] = `Bearer ${ADMIN_KEY}`;
  for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
  const withBody = method !== 'GET' && method !== 'HEAD';
  return { method, path, headers, body: withBody ? input.body : undefined };
}

describe('malformed requests to every route', () => {
  // Found by the property below: @hono/node-server refuses these before the app sees them, with a bare 400.
  it('answers a request target or Host header the HTTP adapter cannot parse with a 400 problem', async () => {
    for (const raw of [getRequest('/v1/land/parcels//\\/051190000123'), getRequest('/health/live', { Host: 'a b' })]) {
      const connection = await openRaw(gateway.url);
      connection.write(raw);
      const response = await connection.nextResponse();
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(response.body)).toMatchObject({ type: 'urn:commune-gateway:problem:bad-request', status: 400 });
      connection.socket.destroy();
    }
  });

  it('never answer a 5xx, answer every error as a problem, and keep the event loop responsive', async () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(bodyRoutes.map((route) => route.template)).toEqual(expect.arrayContaining(['/v1/verifications', '/v1/admin/maintenance']));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const startedAt = performance.now();
    try {
      await fc.assert(fc.asyncProperty(request, async (input) => {
        const sent = build(input);
        const response = await pool.request({ method: sent.method as 'GET', path: sent.path, headers: sent.headers, body: sent.body });
        const text = await response.body.text();
        const where = `${sent.method} ${sent.path.slice(0, 200)} → ${response.statusCode} ${text.slice(0, 300)}`;
        expect(response.statusCode, where).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(response.headers['content-type'], where).toBe('application/problem+json');
          if (sent.method !== 'HEAD') {
            const problem = JSON.parse(text) as { type: string; title: string; status: number };
            expect(problem.status, where).toBe(response.statusCode);
            expect(problem.type, where).toMatch(/^urn:commune-gateway:problem:/);
            expect(problem.title, where).toBeTruthy();
          }
        }
      }), { numRuns: RUNS });
    } finally {
      delay.disable();
    }
    const maxDelayMs = delay.max / 1e6;
    console.info(`${routes.length} routes, ${RUNS} requests in ${Math.round(performance.now() - startedAt)} ms; event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${maxDelayMs.toFixed(1)} ms`);
    expect(maxDelayMs).toBeLessThan(MAX_EVENT_LOOP_DELAY_MS);
  });
});
