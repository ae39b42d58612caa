import { describe, expect, it } from 'vitest';
import type { Adapters } from '../adapters/contract.ts';
import { NotFoundError, TransientError, UnauthorizedError } from '../domain/errors.ts';
import { runProbe, type ProbeCheck } from './probe.ts';

const check = (overrides: Partial<ProbeCheck>): ProbeCheck => ({
  upstream: 'population', operation: 'lookup-citizen', intervalMs: 1000, timeoutMs: 500, failureThreshold: 3, successThreshold: 2,
  testPersonalId: '051190000123', communeCode: '21085', ...overrides,
});

function adapters(parts: { lookup?: () => Promise<unknown>; login?: () => Promise<void>; births?: () => Promise<unknown>; wsdl?: () => Promise<void> }) {
  const seen: unknown[] = [];
  const fake = {
    population: { upstream: 'population', checkCredentials: parts.login, lookupCitizen: (id: string, request: unknown) => (seen.push({ id, request }), parts.lookup!()) },
    civilStatus: { upstream: 'civil-status', checkCredentials: parts.login, findBirths: () => parts.births!() },
    land: { upstream: 'land', fetchWsdl: parts.wsdl },
  } as unknown as Adapters;
  return { fake, seen };
}

const run = (probe: ProbeCheck, fake: Adapters, signal = new AbortController().signal) =>
  runProbe(probe, fake, { signal, now: () => 1_000, requestId: 'probe-1' });

describe('running a probe', () => {
  it('looks up the configured test ID as the gateway, for the monitoring purpose', async () => {
    const { fake, seen } = adapters({ lookup: async () => ({}) });
    expect(await run(check({}), fake)).toEqual({ upstream: 'population', operation: 'lookup-citizen', outcome: 'ok', at: 1_000, latencyMs: 0, loggedIn: true });
    expect(seen[0]).toMatchObject({ id: '051190000123', request: { communeCode: '21085', officerId: '000000000000', purpose: 'giam-sat-he-thong', requestId: 'probe-1' } });
  });

  it('counts a final answer as the upstream answering', async () => {
    const { fake } = adapters({ lookup: async () => { throw new NotFoundError('no such citizen'); } });
    expect(await run(check({}), fake)).toMatchObject({ outcome: 'answered-final', errorCode: 'not-found', failedStep: undefined });
  });

  it('tells a refused login apart from a failed login step', async () => {
    const refused = adapters({ login: async () => { throw new UnauthorizedError('bad password'); } });
    expect(await run(check({ upstream: 'civil-status', operation: 'login-and-lookup' }), refused.fake)).toMatchObject({ outcome: 'cannot-log-in', failedStep: 'login', loggedIn: false });
    const down = adapters({ login: async () => { throw new TransientError('503'); } });
    expect(await run(check({ upstream: 'civil-status', operation: 'login-and-lookup' }), down.fake)).toMatchObject({ outcome: 'failed', errorCode: 'transient', failedStep: 'login' });
  });

  it('logs in and then looks up for civil status', async () => {
    const steps: string[] = [];
    const { fake } = adapters({ login: async () => void steps.push('login'), births: async () => (steps.push('births'), []) });
    expect(await run(check({ upstream: 'civil-status', operation: 'login-and-lookup' }), fake)).toMatchObject({ outcome: 'ok' });
    expect(steps).toEqual(['login', 'births']);
  });

  it('fetches the WSDL for land and claims nothing about login', async () => {
    const { fake } = adapters({ wsdl: async () => {} });
    expect(await run(check({ upstream: 'land', operation: 'wsdl' }), fake)).toMatchObject({ outcome: 'ok', loggedIn: false });
  });

  it('gives up with a timeout when the signal aborts, even if the adapter never returns', async () => {
    const controller = new AbortController();
    const { fake } = adapters({ lookup: () => new Promise(() => {}) });
    const pending = run(check({}), fake, controller.signal);
    controller.abort(new Error('probe timed out'));
    expect(await pending).toMatchObject({ outcome: 'timeout', failedStep: 'lookup' });
  });
});
