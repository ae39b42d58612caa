// One cached credential (token or session) per adapter, with exactly one acquisition in flight at a time.

/** A credential and when to stop using it (already net of any renewal margin), epoch ms. */
export interface Credential {
  value: string;
  renewAtMs: number;
}

/** Why an acquisition starts: none yet, the current one is due, the upstream refused it, or a health check. */
export type AcquireReason = 'missing' | 'expiring' | 'rejected' | 'check';

export interface CredentialCacheOptions {
  /** Fetches a new credential (with its own retries and timeout); called by at most one caller at a time. */
  acquire: (reason: AcquireReason) => Promise<Credential>;
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

export function createCredentialCache(options: CredentialCacheOptions): CredentialCache {
  let current: Credential | undefined;
  let inFlight: Promise<Credential> | undefined;

  function start(reason: AcquireReason): Promise<Credential> {
    inFlight ??= options
      .acquire(reason)
      .then((credential) => (current = credential))
      .finally(() => (inFlight = undefined));
    return inFlight;
  }

  return {
    async get(signal, reason = 'missing') {
      if (current !== undefined && options.now() < current.renewAtMs) return current.value;
      signal.throwIfAborted();
      const credential = await untilAborted(start(current === undefined ? reason : 'expiring'), signal);
      return credential.value;
    },
    invalidate(value) {
      if (current?.value === value) current = undefined;
    },
    async refresh(signal) {
      signal.throwIfAborted();
      return (await untilAborted(start('check'), signal)).value;
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
