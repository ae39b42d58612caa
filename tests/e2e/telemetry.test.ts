// Tracing end to end: the real gateway with telemetry enabled exports its spans over OTLP/HTTP to a receiver on
// loopback (a tiny node:http server standing in for the collector).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { fetchSample } from '../support/sample.ts';

interface Received {
  method: string;
  path: string;
  contentType: string;
  body: string;
}

const received: Received[] = [];
let receiver: Server;
let gateway: TestGateway | undefined;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '', path: request.url ?? '', contentType: request.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await gateway?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('telemetry', () => {
  it('exports the spans of a lookup to the configured OTLP/HTTP endpoint, by route pattern and without the personal ID', async () => {
    const { port } = receiver.address() as AddressInfo;
    const started = await startTestGateway((config) => {
      config.telemetry = { enabled: true, otlpEndpoint: `http://127.0.0.1:${port}`, serviceName: 'commune-gateway-test' };
    });
    gateway = started;
    const personalId = (await fetchSample(started.simulators!.population.url)).citizens[0]!;
    const response = await started.get(`/v1/citizens/${personalId}`);
    expect(response.status).toBe(200);

    // Spans are batched; closing the gateway exports what is still buffered.
    gateway = undefined;
    await started.close();

    const traces = received.filter((post) => post.method === 'POST' && post.path === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    expect(traces[0]?.contentType).toContain('application/json');
    const body = traces.map((post) => post.body).join('\n');
    expect(body).toContain('commune-gateway-test');
    expect(body).toContain('"GET /v1/citizens/:personalId"');
    expect(body).toContain('"population lookupCitizen"');
    expect(body).not.toContain(personalId);
    expect(body).not.toContain(started.headers['X-Officer-Id']);
  });
});
