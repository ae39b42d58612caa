// The Node HTTP server the app runs on, with the limits that stop slow, idle or too many clients from holding
// connections (and file descriptors) for long: header and request timeouts, idle keep-alive, a connection cap.
import { createServer, type Server } from 'node:http';
import { getRequestListener, RequestError } from '@hono/node-server';
import type { Config } from '../config/schema.ts';
import { unparsedRequestResponse } from '../gateway/unparsed-request.ts';

export type ServerSettings = Pick<
  Config['server'],
  'host' | 'port' | 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'maxConnections' | 'maxRequestsPerSocket'
>;

/**
 * How often Node looks for requests past their header or request timeout, in ms. Its default, 30 s, would let a
 * half-sent request live up to 30 s past a 10 s `headersTimeoutMs`.
 */
export function connectionsCheckingIntervalMs(headersTimeoutMs: number): number {
  return Math.min(1_000, Math.max(50, Math.floor(headersTimeoutMs / 4)));
}

/** Starts serving `fetch`; resolves once listening. */
export function listen(fetch: (request: Request) => Response | Promise<Response>, settings: ServerSettings): Promise<Server> {
  // @hono/node-server's own listener (its `serve` in all but the error handler, which `serve` does not pass on).
  const listener = getRequestListener(fetch, {
    hostname: settings.host,
    errorHandler: (error) => unparsedRequestResponse(error instanceof RequestError ? 'malformed' : 'crashed'),
  });
  const server = createServer({
    headersTimeout: settings.headersTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    connectionsCheckingInterval: connectionsCheckingIntervalMs(settings.headersTimeoutMs),
  }, listener);
  server.maxRequestsPerSocket = settings.maxRequestsPerSocket;
  // 0 means no cap; Node would take 0 literally and refuse every connection.
  if (settings.maxConnections > 0) server.maxConnections = settings.maxConnections;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
