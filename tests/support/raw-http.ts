// HTTP/1.1 over a bare node:net socket, for what fetch cannot do: send half a request, keep a connection idle,
// see exactly when and how the server closes it.
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  socket: Socket;
  /** Everything the server has sent so far, as latin1 text. */
  received(): string;
  /** Resolves when the server closed the connection (or reset it), with the time it took since `since`. */
  closed: Promise<{ afterMs: number; received: string }>;
  /** Resolves with the next complete response (status line, headers, Content-Length body). */
  nextResponse(): Promise<RawResponse>;
  write(text: string | Uint8Array): void;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Opens a connection to `url`'s host and port; resolves once connected. */
export function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const openedAt = performance.now();
    let data = '';
    let consumed = 0;
    const waiters: Array<() => void> = [];
    const wake = () => { for (const waiter of waiters.splice(0)) waiter(); };
    socket.on('data', (chunk: Buffer) => { data += chunk.toString('latin1'); wake(); });
    // A reset by the server is one way of closing; the test looks at `closed`, not at the error.
    socket.on('error', () => {});
    const closed = new Promise<{ afterMs: number; received: string }>((done) => {
      socket.once('close', () => { wake(); done({ afterMs: performance.now() - openedAt, received: data }); });
    });
    const nextResponse = async (): Promise<RawResponse> => {
      for (;;) {
        const parsed = parseResponse(data.slice(consumed));
        if (parsed) {
          consumed += parsed.length;
          return parsed.response;
        }
        if (socket.destroyed) throw new Error(`connection closed before a complete response; got ${JSON.stringify(data.slice(consumed))}`);
        await new Promise<void>((wakeUp) => waiters.push(wakeUp));
      }
    };
    socket.once('connect', () => resolve({
      socket,
      received: () => data,
      closed,
      nextResponse,
      write: (text) => void socket.write(text),
    }));
    socket.once('error', reject);
  });
}

function parseResponse(text: string): { response: RawResponse; length: number } | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (text.length < end + 4 + length) return undefined;
  const body = Buffer.from(text.slice(end + 4, end + 4 + length), 'latin1').toString('utf8');
  return { response: { status: Number(statusLine.split(' ')[1]), headers, body }, length: end + 4 + length };
}

/** `promise`, or a rejection after `ms`: a bound so that a test fails instead of hanging. */
export function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms); });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

/** A complete GET request; `Connection: keep-alive` is HTTP/1.1's default. */
export function getRequest(path: string, headers: Record<string, string> = {}): string {
  const lines = Object.entries({ Host: 'gateway', ...headers }).map(([name, value]) => `${name}: ${value}`);
  return `GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}
