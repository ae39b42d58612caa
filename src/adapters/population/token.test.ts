import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { TransientError, UnauthorizedError } from '../../domain/errors.ts';
import { eventLog, fakeSleep, rejection, requestContext, useMswServer } from '../testing.ts';
import { createPopulationAdapter } from './client.ts';
import type { PopulationAdapterOptions } from './client.ts';
import { BASE_URL, fakePopulation } from './fixtures.ts';

const server = useMswServer();
const ID = '051190000123';

function adapter(overrides: Partial<PopulationAdapterOptions> = {}) {
  return createPopulationAdapter({ baseUrl: BASE_URL, fetch: globalThis.fetch, clientId: 'gateway', clientSecret: 'secret', sleep: fakeSleep(), ...overrides });
}

function tokenEndpoint(...answers: Array<() => Response>): { count: () => number } {
  let count = 0;
  server.use(http.post(`${BASE_URL}/token`, () => {
    const answer = answers[Math.min(count, answers.length - 1)]!;
    count += 1;
    return answer();
  }));
  return { count: () => count };
}

describe('population token', () => {
  it('reuses one token across calls', async () => {
    const upstream = fakePopulation(server);
    const population = adapter();
    for (let i = 0; i < 3; i += 1) await population.lookupCitizen(ID, requestContext());
    expect(upstream.tokenRequests).toHaveLength(1);
    expect(upstream.calls.map((call) => call.token)).toEqual(['token-1', 'token-1', 'token-1']);
  });

  it('renews the token the renewal margin before it expires', async () => {
    const upstream = fakePopulation(server, { expiresIn: 3600 });
    let nowMs = 0;
    const population = adapter({ now: () => nowMs, tokenRenewalMarginSeconds: 60 });
    await population.lookupCitizen(ID, requestContext());
    nowMs = 3539_000;
    await population.lookupCitizen(ID, requestContext());
    nowMs = 3541_000;
    await population.lookupCitizen(ID, requestContext());
    expect(upstream.calls.map((call) => call.token)).toEqual(['token-1', 'token-1', 'token-2']);
  });

  it('fetches one new token after a 401 fault and repeats the call with it', async () => {
    const upstream = fakePopulation(server);
    const log = eventLog();
    const population = adapter({ onEvent: log.onEvent });
    await population.lookupCitizen(ID, requestContext());
    upstream.revoked.add('token-1');
    const citizen = await population.lookupCitizen(ID, requestContext());
    expect(citizen.personalId).toBe(ID);
    expect(upstream.tokenRequests).toHaveLength(2);
    expect(upstream.calls.map((call) => call.token)).toEqual(['token-1', 'token-2']);
    expect(log.types()).toEqual(['token-fetched', 'token-refreshed-after-401']);
  });

  it('gives up with UnauthorizedError when the fresh token is refused too', async () => {
    const upstream = fakePopulation(server);
    server.use(http.post(`${BASE_URL}/api/dan-cu/v1/cong-dan/tra-cuu`, () => HttpResponse.json({ fault: { code: 900901 } }, { status: 401 })));
    const log = eventLog();
    await rejection(adapter({ onEvent: log.onEvent }).lookupCitizen(ID, requestContext()), UnauthorizedError);
    expect(upstream.tokenRequests).toHaveLength(2);
    expect(log.types()).toEqual(['token-fetched', 'token-refreshed-after-401', 'auth-failed']);
  });

  it('lets 50 concurrent first calls share exactly one token request', async () => {
    const upstream = fakePopulation(server, { tokenDelayMs: 30 });
    const population = adapter();
    const citizens = await Promise.all(Array.from({ length: 50 }, () => population.lookupCitizen(ID, requestContext())));
    expect(citizens).toHaveLength(50);
    expect(upstream.tokenRequests).toHaveLength(1);
  });

  it('lets 50 concurrent calls refused on a revoked token share one new token and all succeed', async () => {
    const upstream = fakePopulation(server, { tokenDelayMs: 30 });
    const population = adapter();
    await population.lookupCitizen(ID, requestContext());
    upstream.revoked.add('token-1');
    const citizens = await Promise.all(Array.from({ length: 50 }, () => population.lookupCitizen(ID, requestContext())));
    expect(citizens.every((citizen) => citizen.personalId === ID)).toBe(true);
    expect(upstream.tokenRequests).toHaveLength(2);
    expect(upstream.calls.filter((call) => call.token === 'token-2')).toHaveLength(50);
  });

  it('retries the token endpoint after a 503 and then succeeds', async () => {
    fakePopulation(server);
    const token = tokenEndpoint(
      () => new HttpResponse(null, { status: 503 }),
      () => HttpResponse.json({ access_token: 'late-token', token_type: 'Bearer', expires_in: 3600 }),
    );
    const sleep = fakeSleep();
    await adapter({ sleep }).lookupCitizen(ID, requestContext());
    expect(token.count()).toBe(2);
    expect(sleep.delays).toEqual([100]);
  });

  it('gives up on a token endpoint that keeps failing with TransientError after two retries', async () => {
    const token = tokenEndpoint(() => HttpResponse.error());
    const sleep = fakeSleep();
    const log = eventLog();
    await rejection(adapter({ sleep, onEvent: log.onEvent }).lookupCitizen(ID, requestContext()), TransientError);
    expect(token.count()).toBe(3);
    expect(sleep.delays).toEqual([100, 300]);
    expect(log.events).toMatchObject([{ type: 'auth-failed', upstream: 'population', code: 'transient' }]);
  });

  it('treats invalid_client as UnauthorizedError without retrying', async () => {
    const token = tokenEndpoint(() => HttpResponse.json({ error: 'invalid_client', error_description: 'Client Authentication failed.' }, { status: 401 }));
    const error = await rejection(adapter().lookupCitizen(ID, requestContext()), UnauthorizedError);
    expect(token.count()).toBe(1);
    expect(error.context).toMatchObject({ operation: 'token', status: 401, error: 'invalid_client' });
  });

  it('treats a token answer without access_token as transient', async () => {
    tokenEndpoint(() => HttpResponse.json({ token_type: 'Bearer', expires_in: 3600 }));
    await rejection(adapter().lookupCitizen(ID, requestContext()), TransientError);
  });

  it('forces a new token on checkCredentials even while one is cached', async () => {
    const upstream = fakePopulation(server);
    const log = eventLog();
    const population = adapter({ onEvent: log.onEvent });
    await population.lookupCitizen(ID, requestContext());
    await population.checkCredentials(new AbortController().signal);
    await population.lookupCitizen(ID, requestContext());
    expect(upstream.calls.map((call) => call.token)).toEqual(['token-1', 'token-2']);
    expect(log.types()).toEqual(['token-fetched', 'token-fetched']);
  });

  it('lets a caller that aborts while the token is fetched leave, while the others still get it', async () => {
    fakePopulation(server);
    server.use(http.post(`${BASE_URL}/token`, async () => {
      await delay(50);
      return HttpResponse.json({ access_token: 'slow-token', expires_in: 3600 });
    }));
    const population = adapter();
    const controller = new AbortController();
    const reason = new Error('caller gone');
    const leaving = population.lookupCitizen(ID, requestContext({ signal: controller.signal }));
    const staying = population.lookupCitizen(ID, requestContext());
    controller.abort(reason);
    await expect(leaving).rejects.toBe(reason);
    await expect(staying).resolves.toMatchObject({ personalId: ID });
  });
});
