// One cached credential (token or session) per adapter, with exactly one acquisition in flight at a time.

/** A credential and when to stop using it (already net of any renewal margin), epoch ms. */
export interface Credential {
  value: string;
  renewAtMs: number;
}

/** Why an acquisition starts: none yet, the current one is due, the upstream refused it, or a health check. */
export type AcquireReason = 'missing' | 'expiring' | 'rejected' | 'check';

export interface CredentialCacheOptions {
  /**
   * Fetches a new credential (with its own retries and timeout); called by at most one caller at a time.
   * `signal` aborts when the caller that started it has left (its deadline passed): the acquisition must stop then.
   */
  acquire: (reason: AcquireReason, signal?: AbortSignal) => Promise<Credential>;
  /** Clock, epoch ms. */
  now: () => number;
}

export interface CredentialCache {
  /** The current credential, or the one being acquired (joined, never duplicated). `reason` applies if one starts. */
  get(signal: AbortSignal, reason?: AcquireReason): Promise<string>;
  /** Forgets `value` if it is still the current one (a newer credential another caller fetched is kept). */
  invalidate(value: string): void;
  /** Acquires a new credential now (or joins the acquisition in flight). */
  refresh(signal: AbortSignal): Promise<string>;
}

interface Flight {
  promise: Promise<Credential>;
  /** Its starter left before it ended: it was aborted, and says nothing about the upstream. */
  abandoned: boolean;
}

/**
 * One credential shared by every caller. An acquisition lives no longer than the caller that started it: a
 * hung token or login request must not outlast the deadline of the call that needed it, nor hold later callers
 * (an upstream back meanwhile would stay "down" for the acquisition's own time limit). A caller that joined an
 * abandoned acquisition and still has time starts a new one.
 */
export function createCredentialCache(options: CredentialCacheOptions): CredentialCache {
  let current: Credential | undefined;
  let inFlight: Flight | undefined;

  function start(reason: AcquireReason, signal: AbortSignal): Flight {
    if (inFlight) return inFlight;
    const controller = new AbortController();
    const flight: Flight = { abandoned: false, promise: Promise.resolve() as unknown as Promise<Credential> };
    const onAbort = (): void => {
      flight.abandoned = true;
      if (inFlight === flight) inFlight = undefined;
      controller.abort(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    flight.promise = options
      .acquire(reason, controller.signal)
      .then((credential) => (current = credential))
      .finally(() => {
        signal.removeEventListener('abort', onAbort);
        if (inFlight === flight) inFlight = undefined;
      });
    flight.promise.catch(() => {}); // every waiter handles it; none may be left to crash the process
    inFlight = flight;
    return flight;
  }

  async function join(reason: AcquireReason, signal: AbortSignal): Promise<Credential> {
    for (;;) {
      signal.throwIfAborted();
      const flight = start(reason, signal);
      try {
        return await untilAborted(flight.promise, signal);
      } catch (error) {
        if (!flight.abandoned || signal.aborted) throw error;
      }
    }
  }

  return {
    async get(signal, reason = 'missing') {
      if (current !== undefined && options.now() < current.renewAtMs) return current.value;
      return (await join(current === undefined ? reason : 'expiring', signal)).value;
    },
    invalidate(value) {
      if (current?.value === value) current = undefined;
    },
    async refresh(signal) {
      return (await join('check', signal)).value;
    },
  };
}

/** Marks a call whose credential the upstream refused (HTTP 401). */
export const CREDENTIAL_REJECTED: unique symbol = Symbol('credential-rejected');

/**
 * Runs `call` with the current credential; if the upstream refuses it, forgets it, gets a new one (shared with
 * every other caller in the same situation) and runs `call` once more. A second refusal throws `refusedTwice()`.
 */
export async function callWithCredential<T>(
  cache: CredentialCache,
  signal: AbortSignal,
  call: (credential: string) => Promise<T | typeof CREDENTIAL_REJECTED>,
  refusedTwice: () => Error,
): Promise<T> {
  const first = await cache.get(signal);
  const firstResult = await call(first);
  if (firstResult !== CREDENTIAL_REJECTED) return firstResult;
  cache.invalidate(first);
  const second = await cache.get(signal, 'rejected');
  const secondResult = await call(second);
  if (secondResult !== CREDENTIAL_REJECTED) return secondResult;
  cache.invalidate(second);
  throw refusedTwice();
}

/** Waits for a shared promise but lets this caller leave when its own signal aborts (the others keep waiting). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
