// Options every adapter factory takes, and the injected sleep used by credential retries.
import type { FetchLike } from './contract.ts';
import type { AdapterEventListener } from './events.ts';

/** Waits `ms` milliseconds; rejects with the signal's reason if it aborts first. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface CommonAdapterOptions {
  /** Base URL of the upstream; the paths of UPSTREAMS.md are appended to it (a path prefix is kept). */
  baseUrl: string;
  /** The HTTP client (undici with a per-upstream pool in production, globalThis.fetch in tests). */
  fetch: FetchLike;
  /** Clock, epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** Used between credential retries. Default: a real timer. */
  sleep?: Sleep | undefined;
  /** Credential events for health (token fetched, re-login, auth failed). */
  onEvent?: AdapterEventListener | undefined;
}

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
