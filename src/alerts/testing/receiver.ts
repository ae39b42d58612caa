// Test only (Node): a local HTTP server standing in for a webhook receiver, Alertmanager or the Telegram API.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { arrivals } from './arrivals.ts';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface TestReceiver {
  url: string;
  /** Every request, in arrival order (answered or not). */
  requests: ReceivedRequest[];
  /** How to answer from now on; default 200 `{"ok":true}`. */
  answer(decide: (request: ReceivedRequest) => Answer): void;
  /** Resolves once `count` requests have arrived (bounded: rejects after `timeoutMs`). */
  received(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startReceiver(): Promise<TestReceiver> {
  const requests = arrivals<ReceivedRequest>('requests');
  let decide: (request: ReceivedRequest) => Answer = () => ({ status: 200, body: '{"ok":true}' });
  const server = createServer((incoming, response) => {
    void readBody(incoming).then((body) => {
      const headers = Object.fromEntries(Object.entries(incoming.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value ?? '']));
      const request: ReceivedRequest = { method: incoming.method ?? '', path: incoming.url ?? '', headers, body };
      requests.push(request);
      const answer = decide(request);
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: requests.items,
    answer(next) {
      decide = next;
    },
    received: requests.received,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
