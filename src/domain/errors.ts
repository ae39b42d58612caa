// The one error family of the gateway: every failure an upstream call can end in, classified.
// Only src/gateway maps these codes to HTTP statuses and problem types.

/** What went wrong, in the words the pipeline and the HTTP edge decide on. */
export type ErrorCode =
  | 'not-found'
  | 'invalid-input'
  | 'not-provisioned'
  | 'unauthorized'
  | 'transient'
  | 'timeout'
  | 'circuit-open'
  | 'overloaded'
  | 'client-deadline';

/** The upstream systems the gateway knows; 'gateway' for failures of our own making. */
export type { UpstreamName } from './upstreams.ts';
import type { UpstreamName } from './upstreams.ts';

export interface GatewayErrorOptions {
  upstream?: UpstreamName | undefined;
  /** Seconds the upstream (or we) asked the caller to wait before trying again. */
  retryAfterSeconds?: number | undefined;
  /** Extra facts for logs; never personal data unredacted. */
  context?: Record<string, unknown> | undefined;
  cause?: unknown;
  /** See `GatewayError.notPerformed`. Default false. */
  notPerformed?: boolean | undefined;
}

const RETRYABLE: Record<ErrorCode, boolean> = {
  'not-found': false,
  'invalid-input': false,
  'not-provisioned': false,
  unauthorized: false,
  transient: true,
  timeout: true,
  'circuit-open': false,
  overloaded: false,
  'client-deadline': false,
};

/** Base class; `retryable` says whether trying the same call again may help. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly upstream: UpstreamName | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly context: Record<string, unknown>;
  /**
   * The upstream certainly did not perform the request (it was refused before processing: connection refused, 503,
   * 429, "busy"), so sending it again cannot perform it twice. False when that is not known (a timeout, a reset or
   * an answer cut off after the request went out): an operation that must run at most once is not repeated then.
   */
  readonly notPerformed: boolean;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.retryable = RETRYABLE[code];
    this.upstream = options.upstream;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.context = options.context ?? {};
    this.notPerformed = options.notPerformed ?? false;
  }
}

/** The record (citizen, parcel, …) does not exist upstream. Final. */
export class NotFoundError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('not-found', message, options);
    this.name = 'NotFoundError';
  }
}

/** The upstream refused the input as invalid. Final. */
export class InvalidInputError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('invalid-input', message, options);
    this.name = 'InvalidInputError';
  }
}

/** The commune is not (yet) provisioned on that upstream. Final, and never an outage. */
export class NotProvisionedError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('not-provisioned', message, options);
    this.name = 'NotProvisionedError';
  }
}

/** Our credentials were refused even after a renewal. Final for this call; health shows it as a login problem. */
export class UnauthorizedError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('unauthorized', message, options);
    this.name = 'UnauthorizedError';
  }
}

/** Anything that may pass: 5xx, 429, resets, malformed bodies, upstream "busy" codes. */
export class TransientError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('transient', message, options);
    this.name = 'TransientError';
  }
}

/** The call's deadline passed before the upstream answered. */
export class TimeoutError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('timeout', message, options);
    this.name = 'TimeoutError';
  }
}

/** The breaker is open: the call was refused without touching the upstream. */
export class CircuitOpenError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('circuit-open', message, options);
    this.name = 'CircuitOpenError';
  }
}

/** The bulkhead is full: the call was shed to protect the upstream. */
export class OverloadedError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('overloaded', message, options);
    this.name = 'OverloadedError';
  }
}

/**
 * The caller's own deadline (a `Request-Timeout` shorter than the gateway's) ran out, or the caller went away,
 * before the upstream answered. Says nothing about the upstream: never counted by breakers, health or metrics.
 */
export class ClientDeadlineError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('client-deadline', message, options);
    this.name = 'ClientDeadlineError';
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

/** True for failures that say the upstream is unwell (count toward breakers and health). */
export function isUpstreamFailure(error: unknown): boolean {
  if (isGatewayError(error)) return error.code === 'transient' || error.code === 'timeout';
  // The caller went away (client disconnected): not the upstream's fault. The upstream's own deadline arrives as
  // TimeoutError, the caller's own (or its leaving the pipeline) as ClientDeadlineError, counted above as no failure.
  if (error instanceof Error && error.name === 'AbortError') return false;
  return true;
}
