// Shared by the verification end-to-end tests: a callback receiver that checks signatures, a client with a
// callback prefix and webhook secret, and request helpers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientConfig } from '../../src/config/schema.ts';
import { sha256Hex } from '../../src/keys/sha256.ts';
import { verifyWebhook } from '../../src/queue/webhook-signature.ts';

export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const API_KEY = 'e2e-verification-key-0001';
export const COMMUNES = ['21085', '21088', '21091', '21094', '21097', '21100'];

export interface Callback {
  id: string;
  type: string;
  ticketId: string;
  status: string;
  signatureValid: boolean;
  body: Record<string, any>;
}

export interface CallbackReceiver {
  url: string;
  received: Callback[];
  /** Resolves once `predicate` holds over everything received so far (checked on each arrival). */
  waitFor(predicate: (received: Callback[]) => boolean, timeoutMs?: number): Promise<Callback[]>;
  close(): Promise<void>;
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: Callback[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      const body = JSON.parse(text) as Record<string, any>;
      const signatureValid = await verifyWebhook(WEBHOOK_SECRET, headers, text, Math.floor(Date.now() / 1000));
      received.push({ id: headers['webhook-id'], type: body['type'], ticketId: body['data']?.id, status: body['data']?.status, signatureValid, body });
      res.writeHead(204).end();
      for (const waiter of waiters) waiter();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    waitFor(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(received);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`callbacks not received within ${timeoutMs} ms (${received.length} so far)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A client bound to every simulated commune, allowed to receive callbacks at the receiver. */
export async function callbackClient(receiverUrl: string): Promise<ClientConfig> {
  return {
    name: 'E2E commune software', keySha256: await sha256Hex(API_KEY), communes: COMMUNES, landCommunes: 'own', scopes: [],
    callbackUrlPrefixes: [receiverUrl], webhookSecret: WEBHOOK_SECRET,
    // A load generator (500 tickets in batches, polls every 50 ms), not a commune's staff.
    rateLimit: { requestsPerSecond: 1_000, burst: 10_000 },
  };
}

/** `dd/MM/yyyy` (the simulator's sample) → ISO. */
export function isoDate(vietnamese: string): string {
  return vietnamese.split('/').reverse().join('-');
}

export interface Poster {
  (body: unknown, options?: { key?: string; commune?: string; headers?: Record<string, string> }): Promise<Response>;
}

export function poster(baseUrl: string): Poster {
  return (body, options = {}) => fetch(`${baseUrl}/v1/verifications`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${API_KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-ket-hon', 'Content-Type': 'application/json',
      'Idempotency-Key': options.key ?? crypto.randomUUID(), ...(options.commune ? { 'X-Commune-Code': options.commune } : {}), ...options.headers,
    },
    body: JSON.stringify(body),
  });
}

export function getter(baseUrl: string) {
  return async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${API_KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-ket-hon' } });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
}
