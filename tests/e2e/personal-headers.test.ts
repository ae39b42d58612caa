// Personal data a commune application types into the free-text headers (X-Purpose, X-Case-Id) or uses as its
// X-Request-Id: masked like IDs before it reaches the logs, the exported spans or the ticket store.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { fetchSample } from '../support/sample.ts';

const spanBodies: string[] = [];
let receiver: Server;
let gateway: TestGateway | undefined;
let databasePath = '';

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      spanBodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  gateway = await startTestGateway((config) => {
    config.telemetry = { enabled: true, otlpEndpoint: `http://127.0.0.1:${port}`, serviceName: 'personal-headers-test' };
    databasePath = config.queue.databasePath;
  });
});

afterAll(async () => {
  await gateway?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('personal data in free-text headers', () => {
  it('is masked in the logs, the spans and the ticket store, and in the echoed X-Request-Id', async () => {
    const started = gateway!;
    const sample = await fetchSample(started.simulators!.population.url);
    const citizen = sample.citizenDetails[1]!;
    const typed = {
      'X-Purpose': 'Xác minh cho công dân CCCD 079 190 000 456, sinh ngày 02/09/1985',
      'X-Case-Id': 'HS-079.190.000.456',
      'X-Request-Id': 'req-079190000456-01',
    };
    const lookup = await started.get(`/v1/citizens/${citizen.personalId}`, typed);
    expect(lookup.status).toBe(200);
    expect(lookup.headers.get('x-request-id')).toBe('req-079*******56-01');
    // Queued while the upstream is down, so the ticket (with purpose and case) is stored.
    started.simulators!.population.faults.set({ down: true });
    const [day, month, year] = citizen.dateOfBirth.split('/');
    const verification = await fetch(`${started.url}/v1/verifications`, {
      method: 'POST',
      headers: { ...started.headers, ...typed, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ type: 'citizen-identity', subject: { personalId: citizen.personalId, fullName: citizen.fullName, dateOfBirth: `${year}-${month}-${day}` } }),
    });
    expect(verification.status).toBe(202);
    started.simulators!.population.faults.clear();

    gateway = undefined;
    await started.close();
    const logs = started.logs.join('');
    const spans = spanBodies.join('\n');
    const folder = dirname(databasePath);
    const store = readdirSync(folder).map((name) => readFileSync(join(folder, name)).toString('utf8')).join('\n');
    expect(logs).toContain('req-079*******56-01');
    expect(logs).toContain('"purpose":"Xác minh cho công dân CCCD 079*******56, sinh ngày **/**/****"');
    expect(store).toContain(citizen.personalId);
    expect(spans).toContain('personal-headers-test');
    for (const [where, text] of Object.entries({ logs, spans, store })) {
      for (const typedText of ['079190000456', '079 190 000 456', '079.190.000.456', '02/09/1985']) {
        expect(text, `${where} contains "${typedText}"`).not.toContain(typedText);
      }
    }
  });
});
