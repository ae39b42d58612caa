// Slow, idle and too many connections, end to end over bare sockets: what the Node server options in
// `server.*` (headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, maxRequestsPerSocket, maxConnections) do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { getRequest, openRaw, within, type RawConnection } from '../support/raw-http.ts';
import { fetchSample } from '../support/sample.ts';

const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 800;
const KEEP_ALIVE_TIMEOUT_MS = 300;
/** Node checks the two request timeouts on an interval, so a close comes up to that much later. */
const SLACK_MS = 1_500;

describe('slow and idle connections', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway((config) => {
      Object.assign(config.server, {
        headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS, keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS, maxRequestsPerSocket: 3,
      });
    });
  });
  afterAll(() => gateway?.close());

  it('answers 408 and closes a connection whose request headers are still incomplete after headersTimeoutMs', async () => {
    const connection = await openRaw(gateway.url);
    connection.write('GET /health/live HTTP/1.1\r\nHost: gateway\r\nX-Slow: ');
    const { afterMs, received } = await within(HEADERS_TIMEOUT_MS + SLACK_MS, connection.closed, 'half-sent headers closed');
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS * 0.9);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 and closes a request whose body is still incomplete after requestTimeoutMs', async () => {
    const connection = await openRaw(gateway.url);
    const head = [
      'POST /v1/verifications HTTP/1.1', 'Host: gateway', `Authorization: Bearer ${gateway.apiKey}`, 'X-Officer-Id: 051090001234',
      'X-Purpose: dang-ky-ket-hon', 'Idempotency-Key: slow-1', 'Content-Type: application/json', 'Content-Length: 200', '', '',
    ].join('\r\n');
    connection.write(`${head}{"type":"marital-status",`);
    const { afterMs, received } = await within(REQUEST_TIMEOUT_MS + SLACK_MS, connection.closed, 'half-sent body closed');
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS * 0.9);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still answers a request received in full, however long past requestTimeoutMs the upstream takes', async () => {
    const sample = await fetchSample(gateway.simulators!.population.url);
    gateway.simulators!.population.faults.set({ latencyMs: REQUEST_TIMEOUT_MS + 700 });
    try {
      const response = await gateway.get(`/v1/citizens/${sample.citizens[1]}`, { 'Cache-Control': 'no-cache' });
      expect(response.status).toBe(200);
    } finally {
      gateway.simulators!.population.faults.set({});
    }
  });

  it('closes an idle keep-alive connection after keepAliveTimeoutMs', async () => {
    const connection = await openRaw(gateway.url);
    connection.write(getRequest('/health/live'));
    expect((await connection.nextResponse()).status).toBe(200);
    const { afterMs } = await within(KEEP_ALIVE_TIMEOUT_MS + SLACK_MS, connection.closed, 'idle connection closed');
    expect(afterMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS * 0.9);
  });

  it('serves maxRequestsPerSocket requests on one connection, says Connection: close on the last and closes it', async () => {
    const connection = await openRaw(gateway.url);
    const answers = [];
    for (let i = 0; i < 3; i += 1) {
      connection.write(getRequest('/health/live'));
      answers.push(await connection.nextResponse());
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => answer.headers['connection'])).toEqual(['keep-alive', 'keep-alive', 'close']);
    await within(SLACK_MS, connection.closed, 'connection closed after its last request');
  });
});

describe('connection cap (server.maxConnections)', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway((config) => {
      Object.assign(config.server, { maxConnections: 4, headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS, keepAliveTimeoutMs: 10_000 });
    });
  });
  afterAll(() => gateway?.close());

  it('refuses connections over the cap, keeps serving the connections it holds, and accepts again once slow ones time out', async () => {
    // One well-behaved keep-alive client, then three slow ones: four connections, the cap.
    const client = await openRaw(gateway.url);
    client.write(getRequest('/health/live'));
    expect((await client.nextResponse()).status).toBe(200);
    const slow: RawConnection[] = [];
    for (let i = 0; i < 3; i += 1) {
      const connection = await openRaw(gateway.url);
      connection.write('GET /health/live HTTP/1.1\r\nHost: gateway\r\n');
      slow.push(connection);
    }

    // A fifth is closed at once, without an answer.
    const refused = await openRaw(gateway.url);
    refused.write(getRequest('/health/live'));
    const { received } = await within(SLACK_MS, refused.closed, 'connection over the cap closed');
    expect(received).toBe('');

    // The connection already held is still served.
    client.write(getRequest('/health/live'));
    expect((await client.nextResponse()).status).toBe(200);

    // The slow ones are cut at headersTimeoutMs, which frees their places for new clients.
    await within(HEADERS_TIMEOUT_MS + SLACK_MS, Promise.all(slow.map((connection) => connection.closed)), 'slow connections closed');
    const later = await openRaw(gateway.url);
    later.write(getRequest('/health/live', { Connection: 'close' }));
    expect((await later.nextResponse()).status).toBe(200);
    client.socket.destroy();
  });
});
