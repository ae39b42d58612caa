// Probes as data, and running one: each probe operation is a short recipe of adapter calls. Probes call the
// adapters directly — not through the cache (a cached answer proves nothing) and not through the breaker (a
// probe must be able to see the upstream recover while the breaker is still open).
import type { Adapters, RequestContext } from '../adapters/contract.ts';
import { probeOutcomeOf } from './classify.ts';
import type { ProbeThresholds } from './probe-tracker.ts';
import type { ProbeResult, UpstreamName } from './types.ts';

/**
 * The probe operations. `lookup-citizen` and `login-and-lookup` need `testPersonalId`; `registered` is the probe an
 * upstream registered at start brings along (`ProbeCheck.run`).
 */
export type ProbeOperation = 'lookup-citizen' | 'token' | 'login-and-lookup' | 'login' | 'wsdl' | 'registered';

/** One probe, as configured. */
export interface ProbeCheck extends ProbeThresholds {
  upstream: UpstreamName;
  operation: ProbeOperation;
  /** Time between the end of one probe and the start of the next, ms. Default 30_000. */
  intervalMs: number;
  /** A probe not finished within this is a failure (`timeout`), ms. Default 5_000. */
  timeoutMs: number;
  /** A personal ID that exists upstream (synthetic or the province's agreed test record). */
  testPersonalId?: string | undefined;
  /** The commune the probe asks as (maDonVi). */
  communeCode?: string | undefined;
  /** Sent as the officer (maCanBo): the gateway itself. Default '000000000000'. */
  officerId?: string | undefined;
  /** Sent as the purpose (mucDich). Default 'giam-sat-he-thong' (system monitoring). */
  purpose?: string | undefined;
  /** The probe of an upstream registered at start (operation `registered`): throwing is a failed probe. */
  run?: ((request: RequestContext) => Promise<unknown>) | undefined;
}

/** Which built-in upstream each operation belongs to. */
export const PROBE_UPSTREAM: Record<Exclude<ProbeOperation, 'registered'>, UpstreamName> = {
  'lookup-citizen': 'population',
  token: 'population',
  'login-and-lookup': 'civil-status',
  login: 'civil-status',
  wsdl: 'land',
};

interface Step {
  name: 'login' | 'lookup' | 'wsdl';
  run: () => Promise<unknown>;
}

function stepsOf(check: ProbeCheck, adapters: Adapters, request: RequestContext): Step[] {
  const testId = check.testPersonalId ?? '';
  switch (check.operation) {
    case 'lookup-citizen':
      return [{ name: 'lookup', run: () => adapters.population.lookupCitizen(testId, request) }];
    case 'token':
      return [{ name: 'login', run: () => adapters.population.checkCredentials(request.signal) }];
    case 'login':
      return [{ name: 'login', run: () => adapters.civilStatus.checkCredentials(request.signal) }];
    case 'login-and-lookup':
      return [
        { name: 'login', run: () => adapters.civilStatus.checkCredentials(request.signal) },
        { name: 'lookup', run: () => adapters.civilStatus.findBirths(testId, request) },
      ];
    case 'wsdl':
      return [{ name: 'wsdl', run: () => adapters.land.fetchWsdl(request.signal) }];
    case 'registered':
      return [{ name: 'lookup', run: () => check.run?.(request) ?? Promise.resolve() }];
  }
}

export interface RunProbeOptions {
  /** Aborted by the scheduler when the probe's timeout passes. */
  signal: AbortSignal;
  now: () => number;
  /** Unique per probe run (maYeuCau). */
  requestId: string;
}

/** Runs one probe to its end; never throws. */
export async function runProbe(check: ProbeCheck, adapters: Adapters, options: RunProbeOptions): Promise<ProbeResult> {
  const { signal, now } = options;
  const at = now();
  const request: RequestContext = {
    communeCode: check.communeCode ?? '00000',
    officerId: check.officerId ?? '000000000000',
    purpose: check.purpose ?? 'giam-sat-he-thong',
    requestId: options.requestId,
    signal,
  };
  const base = { upstream: check.upstream, operation: check.operation, at };
  const loggedIn = check.operation !== 'wsdl';
  let current: Step['name'] | undefined;
  try {
    for (const step of stepsOf(check, adapters, request)) {
      current = step.name;
      await untilAborted(step.run(), signal);
    }
    return { ...base, outcome: 'ok', latencyMs: now() - at, loggedIn };
  } catch (error) {
    const { outcome, errorCode } = probeOutcomeOf(error, signal.aborted);
    const answered = outcome === 'answered-final' || outcome === 'not-provisioned';
    return {
      ...base,
      outcome,
      errorCode,
      failedStep: answered ? undefined : current,
      latencyMs: now() - at,
      loggedIn: answered && loggedIn,
    };
  }
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (an adapter slow to notice cannot hold a probe). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
