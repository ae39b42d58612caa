// The one interface every alert channel implements, and the classified error a failed send throws: the outbox
// retries what may pass (network, 5xx, 429 with its Retry-After) and gives up on what will not (4xx).
import type { Notification } from '../types.ts';
import { parseRetryAfter } from '../../domain/retry-after.ts';

export interface AlertChannel {
  /** The configured channel name (outbox entries are addressed to it). */
  readonly name: string;
  /** Delivers one message; resolves once the receiver accepted it, throws AlertDeliveryError otherwise. */
  send(message: Notification, signal: AbortSignal): Promise<void>;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface AlertDeliveryErrorOptions {
  retryable: boolean;
  /** Seconds the receiver asked us to wait. */
  retryAfterSeconds?: number | undefined;
  /** HTTP status or SMTP reply code, when there was one. */
  status?: number | undefined;
  cause?: unknown;
}

/** A failed send. `retryable` says whether sending the same message again later may succeed. */
export class AlertDeliveryError extends Error {
  readonly channel: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly status: number | undefined;

  constructor(channel: string, message: string, options: AlertDeliveryErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'AlertDeliveryError';
    this.channel = channel;
    this.retryable = options.retryable;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.status = options.status;
  }
}

/** Timeouts, throttling and server errors may pass; other answers (4xx, redirects) will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Throws the classified error for a non-2xx answer (its body is read, bounded, for the message). */
export async function checkResponse(channel: string, response: Response, nowMs: number): Promise<void> {
  if (response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  const body = (await response.text().catch(() => '')).slice(0, 200);
  throw new AlertDeliveryError(channel, `HTTP ${response.status}${body ? `: ${body}` : ''}`, {
    retryable: isRetryableStatus(response.status),
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), nowMs),
    status: response.status,
  });
}

/** POSTs JSON; a network failure or a timeout becomes a retryable AlertDeliveryError. */
export async function postJson(channel: string, fetch: Fetch, url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'commune-gateway-alerts/1', ...headers },
      body,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    const name = (error as Error).name;
    const message = name === 'TimeoutError' || name === 'AbortError' ? 'no answer in time' : `${name}: ${(error as Error).message}`;
    throw new AlertDeliveryError(channel, message.slice(0, 200), { retryable: true, cause: error });
  }
}
