// Typed events an adapter emits about its credentials, so health can tell a login problem from an outage.
import { isGatewayError } from '../domain/errors.ts';
import type { ErrorCode, UpstreamName } from '../domain/errors.ts';

/** What happened to an adapter's token, session or basic credentials. `atMs` is the injected clock's epoch ms. */
export type AdapterEvent =
  | { type: 'token-fetched'; upstream: 'population'; atMs: number; expiresInSeconds: number }
  | { type: 'token-refreshed-after-401'; upstream: 'population'; atMs: number; expiresInSeconds: number }
  | { type: 'login'; upstream: 'civil-status'; atMs: number; expiresAt: string }
  | { type: 'relogin-after-HT401'; upstream: 'civil-status'; atMs: number; expiresAt: string }
  | { type: 'auth-failed'; upstream: UpstreamName; atMs: number; code: ErrorCode; message: string };

export type AdapterEventListener = (event: AdapterEvent) => void;

/** Wraps a listener so that a listener's own bug can never fail an upstream call. */
export function createEmitter(listener: AdapterEventListener | undefined): AdapterEventListener {
  return function emit(event) {
    if (listener === undefined) return;
    try {
      listener(event);
    } catch {
      // Observers are best effort by design; the call they observe goes on.
    }
  };
}

/** The `auth-failed` event for an error met while acquiring or using credentials. */
export function authFailed(upstream: UpstreamName, atMs: number, error: unknown): AdapterEvent {
  const code = isGatewayError(error) ? error.code : 'transient';
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'auth-failed', upstream, atMs, code, message };
}
