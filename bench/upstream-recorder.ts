// A pass-through HTTP proxy in front of the population simulator that records, per maYeuCau, how often the
// upstream's business logic answered a verification (xac-thuc, HTTP 200). The simulator counts every arrival of
// a maYeuCau, including ones it refused (503, down) or that the gateway abandoned at its deadline; a duplicate
// *submission* is a maYeuCau the business logic answered twice, which only this view can tell.
import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

const VERIFY_PATH = /\/xac-thuc$/;
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host'];

/** One business answer (HTTP 200) to a verification call. */
export interface UpstreamAnswer {
  /** When the answer came, epoch ms. */
  at: number;
  /** ms from the call's arrival to the upstream's answer. */
  afterMs: number;
}

export interface UpstreamRecorder {
  url: string;
  /** maYeuCau → the business logic's answers to it. */
  answered: Map<string, UpstreamAnswer[]>;
  /** performance.now() of every verification call's arrival. */
  verifyArrivals: number[];
  /** Verification calls in flight right now, and the most seen since the last `resetMaxInFlight`. */
  verifyInFlight(): number;
  maxVerifyInFlight(): number;
  resetMaxInFlight(): void;
  close(): Promise<void>;
}

export async function startUpstreamRecorder(targetUrl: string): Promise<UpstreamRecorder> {
  const target = new URL(targetUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const answered = new Map<string, UpstreamAnswer[]>();
  const verifyArrivals: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const verify = VERIFY_PATH.test(req.url ?? '');
      let requestId: string | undefined;
      const arrivedAt = performance.now();
      if (verify) {
        verifyArrivals.push(arrivedAt);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          requestId = (JSON.parse(body.toString('utf8')) as { maYeuCau?: string }).maYeuCau;
        } catch {
          requestId = undefined;
        }
      }
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        if (verify) inFlight -= 1;
      };
      const upstream = request({
        host: target.hostname, port: target.port, method: req.method, path: req.url, agent,
        headers: { ...strip(req.headers), host: target.host, 'content-length': String(body.length) },
      }, (answer) => {
        // Headers in: the simulator's business logic has answered (it writes an answer in one go).
        const record: UpstreamAnswer = { at: Date.now(), afterMs: performance.now() - arrivedAt };
        if (verify && requestId && answer.statusCode === 200) answered.set(requestId, [...(answered.get(requestId) ?? []), record]);
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          end();
          const text = Buffer.concat(parts);
          if (res.destroyed) return;
          res.writeHead(answer.statusCode ?? 502, { ...strip(answer.headers), 'content-length': String(text.length) }).end(text);
        });
        answer.on('error', () => {
          end();
          res.destroy();
        });
      });
      upstream.on('error', () => {
        end();
        res.destroy();
      });
      // The gateway gave up (deadline): the upstream sees the client go away, as it would without the proxy.
      res.on('close', () => {
        if (!res.writableFinished) {
          end();
          upstream.destroy();
        }
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answered,
    verifyArrivals,
    verifyInFlight: () => inFlight,
    maxVerifyInFlight: () => maxInFlight,
    resetMaxInFlight: () => {
      maxInFlight = inFlight;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
      agent.destroy();
    }),
  };
}

function strip(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.includes(name)) kept[name] = value;
  }
  return kept;
}
