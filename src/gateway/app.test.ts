import { describe, expect, it } from 'vitest';
import type { Adapters } from '../adapters/contract.ts';
import type { Citizen } from '../domain/citizen.ts';
import { NotFoundError, NotProvisionedError, TransientError } from '../domain/errors.ts';
import { createApp } from './app.ts';
import { sha256Hex } from '../keys/sha256.ts';
import type { Logger, Services, UpstreamCaller } from './services.ts';
import { TEST_CITIZEN as citizen } from './citizen-fixture.ts';

const KEY = 'test-key-0123456789';

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };

const passThrough: UpstreamCaller = {
  deadlineMs: () => 3000,
  async execute(_call, operation) {
    const value = await operation({ signal: new AbortController().signal });
    return { value, outcome: { freshness: 'fresh', fetchedAt: 0, ageSeconds: 0, cacheStatus: 'gateway; fwd=uri-miss', retries: 0, sharedFlight: false } };
  },
};

async function appWith(adapters: Partial<Adapters>, mayReadReligion = false) {
  const services: Services = {
    adapters: adapters as Adapters,
    upstreams: { population: passThrough, 'civil-status': passThrough, land: passThrough },
    clients: [{ name: 'Xã Sơn Thủy', keySha256: await sha256Hex(KEY), communes: ['21085'], mayReadReligion }],
    logger: silent,
    now: Date.now,
    newId: () => 'req-00000001',
    maxRequestTimeoutMs: 5000,
  };
  return createApp(services);
}

const officer = { 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-khai-sinh' };
const auth = { Authorization: `Bearer ${KEY}` };
const population = (lookupCitizen: (id: string) => Promise<Citizen>) =>
  ({ population: { upstream: 'population', lookupCitizen, verifyIdentity: async () => { throw new Error('unused'); }, checkCredentials: async () => {} } }) as Partial<Adapters>;

describe('lookup API', () => {
  it('answers a citizen lookup with data, meta and a request id, without religion for ordinary clients', async () => {
    const app = await appWith(population(async () => citizen));
    const response = await app.request('/v1/citizens/051190000123', { headers: { ...auth, ...officer } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-00000001');
    const body = (await response.json()) as { data: Citizen; meta: { freshness: string; source: string } };
    expect(body.data.fullName).toBe('NGUYỄN VĂN AN');
    expect(body.data).not.toHaveProperty('religion');
    expect(body.meta).toMatchObject({ source: 'population', freshness: 'fresh' });
  });

  it('passes religion only to clients whose scope allows it', async () => {
    const app = await appWith(population(async () => citizen), true);
    const response = await app.request('/v1/citizens/051190000123', { headers: { ...auth, ...officer } });
    expect(((await response.json()) as { data: Citizen }).data.religion).toBe('Không');
  });

  it('refuses a missing or wrong API key with 401 problems', async () => {
    const app = await appWith(population(async () => citizen));
    const missing = await app.request('/v1/citizens/051190000123', { headers: officer });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const wrong = await app.request('/v1/citizens/051190000123', { headers: { ...officer, Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('checks the personal ID before any upstream call and names the field and rule, in Vietnamese', async () => {
    let calls = 0;
    const app = await appWith(population(async () => { calls += 1; return citizen; }));
    const response = await app.request('/v1/citizens/003190000123', { headers: { ...auth, ...officer } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { title: string; errors: Array<{ field: string; rule: string }> };
    expect(body.title).toBe('Dữ liệu yêu cầu không hợp lệ');
    expect(body.errors).toContainEqual(expect.objectContaining({ field: 'personalId', rule: 'province-code' }));
    expect(calls).toBe(0);
  });

  it('requires the officer and purpose headers on personal-data calls', async () => {
    const app = await appWith(population(async () => citizen));
    const response = await app.request('/v1/citizens/051190000123', { headers: { ...auth, 'Accept-Language': 'en' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { title: string; errors: Array<{ field: string; rule: string }> };
    expect(body.title).toBe('The request is not valid');
    expect(body.errors.map((error) => `${error.field}:${error.rule}`)).toEqual(expect.arrayContaining(['x-officer-id:required', 'x-purpose:required']));
  });

  it('remembers only valid inputs: a repeat of a valid lookup passes, an invalid one after it is still refused', async () => {
    const app = await appWith(population(async () => citizen));
    const lookup = (id: string, headers: Record<string, string> = officer) => app.request(`/v1/citizens/${id}`, { headers: { ...auth, ...headers } });
    expect((await lookup('051190000123')).status).toBe(200);
    expect((await lookup('051190000123')).status).toBe(200);
    expect((await lookup('003190000123')).status).toBe(400);
    expect((await lookup('051190000123', { ...officer, 'X-Officer-Id': '003090001234' })).status).toBe(400);
    expect((await lookup('003190000123')).status).toBe(400);
    expect((await lookup('051190000123')).status).toBe(200);
  });

  it('refuses a commune the key is not bound to', async () => {
    const app = await appWith(population(async () => citizen));
    const response = await app.request('/v1/citizens/051190000123', { headers: { ...auth, ...officer, 'X-Commune-Code': '21088' } });
    expect(response.status).toBe(403);
  });

  it('maps classified upstream errors to 404, 403 and 503 with Retry-After', async () => {
    const cases: Array<[Error, number]> = [
      [new NotFoundError('none', { upstream: 'population' }), 404],
      [new NotProvisionedError('no', { upstream: 'population' }), 403],
      [new TransientError('down', { upstream: 'population', retryAfterSeconds: 7 }), 503],
    ];
    for (const [error, status] of cases) {
      const app = await appWith(population(async () => { throw error; }));
      const response = await app.request('/v1/citizens/051190000123', { headers: { ...auth, ...officer } });
      expect(response.status).toBe(status);
      const body = (await response.json()) as { upstream: string; retryAfterSeconds?: number };
      expect(body.upstream).toBe('population');
      if (status === 503) {
        expect(response.headers.get('retry-after')).toBe('7');
        expect(body.retryAfterSeconds).toBe(7);
      }
    }
  });

  it('answers an unexpected crash with a 500 problem and no stack trace', async () => {
    const app = await appWith(population(async () => { throw new TypeError('boom at secret/place.ts:12'); }));
    const response = await app.request('/v1/citizens/051190000123', { headers: { ...auth, ...officer } });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('place.ts');
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const app = await appWith({});
    const response = await app.request('/openapi.json');
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining([
      '/v1/citizens/{personalId}', '/v1/civil-status/births', '/v1/civil-status/marriages', '/v1/civil-status/deaths',
      '/v1/civil-status/marital-status/{personalId}', '/v1/land/parcels/{communeCode}/{mapSheet}/{parcelNumber}', '/v1/land/certificates/{serial}',
    ]));
  });

  // A lookup builds its own Response, so every other answer on its route must bring the request id by itself
  // (answer-headers.ts): the key check, the validation, the upstream's errors, and HEAD.
  it('gives the request id on every answer of a lookup route', async () => {
    const app = await appWith(population(async (id) => {
      if (id === '051190000123') return citizen;
      throw id === '051190000124' ? new NotFoundError('none', { upstream: 'population' }) : new TransientError('down', { upstream: 'population' });
    }));
    const answers = await Promise.all([
      app.request('/v1/citizens/051190000123', { headers: { ...auth, ...officer } }),
      app.request('/v1/citizens/051190000123', { method: 'HEAD', headers: { ...auth, ...officer } }),
      app.request('/v1/citizens/051190000123', { headers: officer }),
      app.request('/v1/citizens/051190000123', { headers: { Authorization: 'Bearer wrong-key-0123456789', ...officer } }),
      app.request('/v1/citizens/12', { headers: { ...auth, ...officer } }),
      app.request('/v1/citizens/051190000124', { headers: { ...auth, ...officer } }),
      app.request('/v1/citizens/051190000125', { headers: { ...auth, ...officer } }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 401, 401, 400, 404, 503]);
    expect(answers.map((answer) => answer.headers.get('x-request-id'))).toEqual(Array(7).fill('req-00000001'));
  });
});

describe('/metrics', () => {
  it('answers the Prometheus text a metrics service resolves asynchronously', async () => {
    const services: Services = {
      adapters: {} as Adapters,
      upstreams: { population: passThrough, 'civil-status': passThrough, land: passThrough },
      clients: [],
      logger: silent,
      now: Date.now,
      newId: () => 'req-00000001',
      maxRequestTimeoutMs: 5000,
      metrics: async () => '# TYPE gateway_upstream_calls_total counter\n',
    };
    const response = await createApp(services).request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await response.text()).toBe('# TYPE gateway_upstream_calls_total counter\n');
  });
});
