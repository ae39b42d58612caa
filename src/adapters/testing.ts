// Helpers shared by the adapter tests (msw server, request context, error assertions). Not used in production.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { GatewayError } from '../domain/errors.ts';
import type { RequestContext } from './contract.ts';
import type { AdapterEvent } from './events.ts';
import type { Sleep } from './options.ts';

/**
 * An msw server for one test file. An unhandled request errors (msw v3's `onUnhandledFrame: 'error'`), and because
 * an adapter would turn that network error into a TransientError, it also fails the test that made it.
 */
export function useMswServer(): ReturnType<typeof setupServer> {
  const server = setupServer();
  const unhandled: string[] = [];
  beforeAll(() =>
    server.listen({
      onUnhandledFrame({ frame, defaults }) {
        unhandled.push(String((frame as { data?: { request?: Request } }).data?.request?.url ?? 'a network frame'));
        defaults.error();
      },
    }),
  );
  afterEach(() => {
    server.resetHandlers();
    expect(unhandled.splice(0), 'requests no handler expected').toEqual([]);
  });
  afterAll(() => server.close());
  return server;
}

export function requestContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    communeCode: '21085',
    officerId: '051085000001',
    purpose: 'Đăng ký kết hôn',
    requestId: 'req-1',
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** A sleep that resolves at once and remembers what it was asked to wait. */
export function fakeSleep(): Sleep & { delays: number[] } {
  const delays: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    delays.push(ms);
  };
  return Object.assign(sleep, { delays });
}

export function eventLog(): { events: AdapterEvent[]; onEvent: (event: AdapterEvent) => void; types: () => string[] } {
  const events: AdapterEvent[] = [];
  return { events, onEvent: (event) => events.push(event), types: () => events.map((event) => event.type) };
}

/** Awaits a rejection and checks it is a `type` error; returns it for further checks. */
export async function rejection<E extends GatewayError>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** A 200 answer whose body breaks off mid-way (connection reset while reading). */
export function truncatedBody(start: string, contentType = 'application/json'): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(start));
      controller.error(new TypeError('terminated'));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': contentType } });
}
