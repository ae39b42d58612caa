// One abusive API client for bench/abuse.ts, all at once until stopped: bursts of uncached lookups, lookups with
// deadlines too short for any upstream, huge bodies, and slow connections that trickle their headers or body.
// It counts what the gateway answered it; the scenario judges only what the well-behaved clients saw.
import { connect, type Socket } from 'node:net';
import { Pool } from 'undici';

export interface AbuserOptions {
  origin: string;
  /** Authorization and officer headers of the abusive key. */
  headers: Record<string, string>;
  /** Personal IDs to look up (uncached: Cache-Control: no-cache). */
  citizens: readonly string[];
  /** Lookups fired at once, once a second. */
  burstSize: number;
  /** Lookups per second with `Request-Timeout: 0.005` (5 ms: less than any upstream answers in). */
  tinyDeadlinesPerSecond: number;
  /** Size of each oversized POST body, and how many are in flight at once. */
  bigBodyBytes: number;
  bigBodiesInFlight: number;
  /** Connections held open trickling one byte a second: half in their headers, half in their body. */
  slowConnections: number;
  /** The address it sends from (another loopback address stands for another machine behind a proxy); default any. */
  localAddress?: string;
}

export interface AbuserReport {
  /** Answers by kind, e.g. `burst 429` → 2,700; `big-body error` for a connection cut while sending. */
  answers: Map<string, number>;
  /** Slow connections the gateway closed, and how long they had lived at most, in ms. */
  slowClosed: number;
  slowLongestMs: number;
}

export interface RunningAbuser {
  stop(): Promise<AbuserReport>;
}

export function startAbuser(options: AbuserOptions): RunningAbuser {
  const answers = new Map<string, number>();
  const count = (label: string) => answers.set(label, (answers.get(label) ?? 0) + 1);
  const pool = new Pool(options.origin, { connections: 256, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  let stopped = false;
  let next = 0;
  const lookupPath = () => `/v1/citizens/${options.citizens[(next += 1) % options.citizens.length]}`;

  const send = (label: string, request: Parameters<Pool['request']>[0]): Promise<void> =>
    pool.request(request).then(
      async (response) => {
        count(`${label} ${response.statusCode}`);
        await response.body.dump();
      },
      () => void count(`${label} error`),
    );

  const bursts = (async () => {
    while (!stopped && options.burstSize > 0) {
      const burst = Array.from({ length: options.burstSize }, () =>
        send('burst', { method: 'GET', path: lookupPath(), headers: { ...options.headers, 'cache-control': 'no-cache' } }));
      await Promise.all([...burst, pause(1_000)]);
    }
  })();

  const tinyDeadlines = (async () => {
    const inFlight = new Set<Promise<void>>();
    while (!stopped && options.tinyDeadlinesPerSecond > 0) {
      const call = send('tiny-deadline', { method: 'GET', path: lookupPath(), headers: { ...options.headers, 'cache-control': 'no-cache', 'request-timeout': '0.005' } });
      inFlight.add(call);
      void call.then(() => inFlight.delete(call));
      await pause(1_000 / options.tinyDeadlinesPerSecond);
    }
    await Promise.all(inFlight);
  })();

  // One buffer for every upload: the load generator shares a core with the simulators.
  const bigBody = Buffer.alloc(options.bigBodyBytes, 'a');
  const bigBodies = Array.from({ length: options.bigBodiesInFlight }, async () => {
    while (!stopped) {
      await send('big-body', {
        method: 'POST', path: '/v1/verifications', body: bigBody,
        headers: { ...options.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      });
    }
  });

  const slow = startSlowConnections(options, () => stopped);

  return {
    async stop() {
      stopped = true;
      await Promise.all([bursts, tinyDeadlines, ...bigBodies]);
      const { closed, longestMs } = await slow.stop();
      await pool.close();
      return { answers, slowClosed: closed, slowLongestMs: longestMs };
    },
  };
}

/** Under the gateway's body limit, so the body is waited for, not refused at once as the big bodies are. */
const SLOW_BODY_BYTES = 10_000;

/** Sockets that never finish a request; each one the gateway closes is opened again (slowloris). */
function startSlowConnections(options: AbuserOptions, stopped: () => boolean) {
  const { hostname, port } = new URL(options.origin);
  const sockets = new Set<Socket>();
  let closed = 0;
  let longestMs = 0;
  const open = (index: number) => {
    if (stopped()) return;
    const openedAt = performance.now();
    const socket = connect({ port: Number(port), host: hostname, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    sockets.add(socket);
    const inBody = index % 2 === 1;
    const authorization = options.headers['authorization'] ?? '';
    socket.once('connect', () => {
      socket.write(inBody
        ? `POST /v1/verifications HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: ${SLOW_BODY_BYTES}\r\n\r\n{`
        : `GET /v1/citizens/${options.citizens[0]} HTTP/1.1\r\nHost: ${hostname}\r\n`);
    });
    const drip = setInterval(() => socket.write(inBody ? ' ' : 'X'), 1_000);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.once('close', () => {
      clearInterval(drip);
      sockets.delete(socket);
      if (stopped()) return;
      closed += 1;
      longestMs = Math.max(longestMs, performance.now() - openedAt);
      setTimeout(() => open(index), 100);
    });
  };
  for (let index = 0; index < options.slowConnections; index += 1) open(index);
  return {
    async stop(): Promise<{ closed: number; longestMs: number }> {
      const closing = [...sockets].map((socket) => new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      }));
      await Promise.all(closing);
      return { closed, longestMs };
    },
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
