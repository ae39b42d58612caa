// The node:http server every simulator runs on: routes /__sim/* to the control API, puts business calls through
// the fault pipeline and the stats, and lets auth calls meet only the auth faults.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdmin } from './admin.ts';
import type { AdminContext } from './admin.ts';
import { trackCall } from './call.ts';
import type { ErrorMode } from './fault-schema.ts';
import type { FaultController } from './faults.ts';
import { delay, htmlError, json, readBody, writeResponse } from './respond.ts';
import type { SimRequest, SimResponse } from './respond.ts';
import type { StatsRecorder } from './stats.ts';

export interface Route {
  method: 'GET' | 'POST';
  /** Exact path, or a pattern for paths with an ID in them. */
  path: string | RegExp;
  /** How a pattern route is named in stats.byPath, e.g. "/hotich/api/tinh-trang-hon-nhan/{soDinhDanh}". */
  label?: string;
  /** Business calls get every fault and count in the stats; auth calls get only the auth faults. */
  kind: 'business' | 'auth';
  /** Name under which the stats count what this route's business logic performed (`operations`), e.g. `xacThuc`. */
  operation?: string;
  handle(request: SimRequest): SimResponse | Promise<SimResponse>;
}

/** How one upstream words the failures the pipeline injects in its own format. */
export interface UpstreamStyle {
  /** errorMode 'envelope': the upstream's own error in its format, `code` (faults.errorCode) or its transient one. */
  errorEnvelope(code?: string): SimResponse;
  /** Answer when maxConcurrent calls are already in flight. */
  busy(): SimResponse;
  /** A 200 whose body is not the upstream's format; `text` (faults.freeText), when given, is part of it. */
  garbage(text?: string): SimResponse;
  /** errorMode 'off-contract': a 200 in the upstream's syntax and envelope whose content breaks the contract. */
  offContract(text: string): SimResponse;
  /** The answer with `text` as its free-text message (moTa, thongBao, faultstring…); other answers unchanged. */
  withFreeText(response: SimResponse, text: string): SimResponse;
  /** A transient auth failure; `count` numbers them so an upstream can alternate forms. */
  authFailure(count: number): SimResponse;
  /** authDown: the credentials are refused. */
  authRejected(): SimResponse;
  notFound(request: SimRequest): SimResponse;
}

export interface SimServerOptions extends AdminContext {
  host: string;
  port: number;
  routes: readonly Route[];
  style: UpstreamStyle;
  /** Sees every business request once its body is read (population counts maYeuCau here). */
  observe?: (request: SimRequest) => void;
  /** The request ID (maYeuCau) a business request carries, for the `operations` counts. */
  requestIdOf?: (request: SimRequest) => string | undefined;
}

export interface SimServer {
  url: string;
  close(): Promise<void>;
}

const outage = (): SimResponse => htmlError(503, 'Service Unavailable');
/** What an off-contract body says when the faults set no free text. */
const PLAIN_TEXT = 'Dữ liệu';
const STATUS_OF: Record<Exclude<ErrorMode, 'envelope' | 'off-contract'>, [number, string]> = {
  'http-502': [502, 'Bad Gateway'], 'http-503': [503, 'Service Unavailable'], 'http-504': [504, 'Gateway Timeout'],
};

function matches(route: Route, path: string): boolean {
  return typeof route.path === 'string' ? route.path === path : route.path.test(path);
}

async function toRequest(req: IncomingMessage): Promise<SimRequest> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: await readBody(req) };
}

export function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const { faults, stats, style } = options;
  let authFailures = 0;

  async function serveBusiness(route: Route, req: IncomingMessage, res: ServerResponse, label: string): Promise<void> {
    stats.received(label);
    const atArrival = faults.current();
    const cap = atArrival.maxConcurrent ?? 0;
    const admitted = !atArrival.down && !(cap > 0 && stats.inFlight() >= cap);
    if (admitted) stats.admitted();
    const tracked = trackCall(res, stats, admitted);
    const text = faults.current().freeText;
    const call = text === undefined ? tracked : { ...tracked, send: (response: SimResponse) => tracked.send(style.withFreeText(response, text)) };
    const request = await toRequest(req).catch(() => null);
    if (!request) return; // the client went away; the call counts as aborted
    options.observe?.(request);
    if (atArrival.down) return call.send(outage());
    if (!admitted) return call.send({ ...style.busy(), outcome: 'failed' });
    if (faults.current().hang) return; // answer never comes; 'close' counts it when the client gives up
    const { outcome, delayMs } = faults.drawBusiness();
    // A call that will get past the injected faults is performed at the end of its latency, client or no client.
    const performs = outcome.kind === 'pass' || outcome.kind === 'truncate';
    const performed = (): void => {
      if (route.operation) stats.processed(route.operation, options.requestIdOf?.(request));
    };
    if (performs && route.operation) stats.willPerform(route.operation);
    const waitStartedAt = Date.now();
    if (!(await delay(delayMs, call.signal))) {
      if (performs) setTimeout(performed, Math.max(0, delayMs - (Date.now() - waitStartedAt))).unref();
      return;
    }
    if (performs) performed();
    switch (outcome.kind) {
      case 'reset': return call.reset();
      case 'garbage': return call.send({ ...style.garbage(text), outcome: 'failed' });
      case 'rate-limit':
        return call.send(htmlError(429, 'Too Many Requests', { 'retry-after': String(outcome.retryAfterSeconds) }));
      case 'unavailable':
        return call.send(htmlError(503, 'Service Unavailable', { 'retry-after': String(outcome.retryAfterSeconds) }));
      case 'error': {
        if (outcome.mode === 'envelope') return call.send({ ...style.errorEnvelope(faults.current().errorCode), outcome: 'failed' });
        if (outcome.mode === 'off-contract') return call.send({ ...style.offContract(text ?? PLAIN_TEXT), outcome: 'failed' });
        const [status, reason] = STATUS_OF[outcome.mode];
        return call.send(htmlError(status, reason));
      }
      default:
    }
    const response = await Promise.resolve()
      .then(() => route.handle(request))
      .catch((error: unknown) => json(500, { error: `simulator bug: ${(error as Error).message}` }, 'failed'));
    if (outcome.kind === 'truncate') call.truncate(text === undefined ? response : style.withFreeText(response, text));
    else call.send(response);
  }

  async function serveAuth(route: Route, req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.authRequest();
    const request = await toRequest(req);
    const current = faults.current();
    const write = (response: SimResponse): void =>
      writeResponse(res, current.freeText === undefined ? response : style.withFreeText(response, current.freeText));
    if (current.down) return write(outage());
    if (current.authDown) return write(style.authRejected());
    if (faults.drawAuthFailure()) return write(style.authFailure(++authFailures));
    write(await route.handle(request));
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    if (path.startsWith(ADMIN_PREFIX)) return writeResponse(res, handleAdmin(await toRequest(req), options));
    const candidates = options.routes.filter((route) => matches(route, path));
    const route = candidates.find((each) => each.method === req.method);
    if (!route) {
      const request = await toRequest(req);
      if (candidates.length === 0) return writeResponse(res, style.notFound(request));
      return writeResponse(res, json(405, { error: `${req.method} not allowed on ${path}` }, 'failed'));
    }
    const label = typeof route.path === 'string' ? route.path : route.label ?? path;
    return route.kind === 'auth' ? serveAuth(route, req, res) : serveBusiness(route, req, res, label);
  }

  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      writeResponse(res, json(500, { error: `simulator bug: ${(error as Error).message}` }, 'failed'));
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          // Hanging and keep-alive connections would hold close() open; tests must end promptly.
          server.closeAllConnections();
        }),
      });
    });
  });
}
