// Tracks one business call from arrival to its end, so the stats can tell answered, failed and abandoned calls
// apart, and performs the socket-level faults (reset, truncation) on it.
import type { ServerResponse } from 'node:http';
import { writeResponse } from './respond.ts';
import type { SimResponse } from './respond.ts';
import type { StatsRecorder } from './stats.ts';

export interface Call {
  /** Aborts when the connection closes, so delays stop early and nothing is written to a dead socket. */
  readonly signal: AbortSignal;
  send(response: SimResponse): void;
  /** Destroys the socket with a TCP reset and no answer. */
  reset(): void;
  /** Sends headers with the full Content-Length, half the body, then closes the connection. */
  truncate(response: SimResponse): void;
}

export function trackCall(res: ServerResponse, stats: StatsRecorder, admitted: boolean): Call {
  const controller = new AbortController();
  let outcome: 'succeeded' | 'failed' = 'succeeded';
  // Set when the simulator itself cuts the connection: that is an injected failure, not a client abort.
  let deliberate = false;
  let ended = false;
  const end = (how: 'succeeded' | 'failed' | 'aborted'): void => {
    if (ended) return;
    ended = true;
    stats.ended(how, admitted);
  };
  res.on('finish', () => end(outcome));
  res.on('close', () => {
    end(deliberate ? 'failed' : 'aborted');
    controller.abort();
  });

  return {
    signal: controller.signal,
    send(response) {
      if (controller.signal.aborted) return;
      outcome = response.outcome ?? 'succeeded';
      writeResponse(res, response);
    },
    reset() {
      deliberate = true;
      res.socket?.resetAndDestroy();
    },
    truncate(response) {
      if (controller.signal.aborted) return;
      deliberate = true;
      const body = Buffer.from(response.body, 'utf8');
      res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    },
  };
}
