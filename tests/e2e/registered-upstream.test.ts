// An upstream registered once — one folder (tests/fixtures/fake-upstream) with its adapter and registry entry, and
// one configuration block — is judged, counted, drained and alerted on like the built-in three.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators } from '../../mocks/index.ts';
import { alertsConfigSchema } from '../../src/alerts/config.ts';
import { startReceiver, type TestReceiver } from '../../src/alerts/testing/receiver.ts';
import { parseConfig } from '../../src/config/load.ts';
import { SecretSchema } from '../../src/config/secret.ts';
import type { UpstreamName } from '../../src/domain/errors.ts';
import { startGateway, type RunningGateway } from '../../src/runtime/start.ts';
import { eventually } from '../support/eventually.ts';
import { startFakeSystem, type FakeSystem } from '../fixtures/fake-upstream/server.ts';
import { FAKE_UPSTREAM, fakeUpstream } from '../fixtures/fake-upstream/upstream.ts';

const WEBHOOK_SECRET = `whsec_${btoa('registered upstream e2e, 32 byte')}`;
const fake = FAKE_UPSTREAM as UpstreamName;

describe('an upstream registered from one folder and one config block', () => {
  let system: FakeSystem;
  let receiver: TestReceiver;
  let gateway: RunningGateway;
  let folder: string;

  beforeAll(async () => {
    [system, receiver] = await Promise.all([startFakeSystem(), startReceiver()]);
    folder = mkdtempSync(join(tmpdir(), 'gateway-registered-upstream-'));
    const config = parseConfig(readFileSync('config/demo.yaml', 'utf8'), 'config/demo.yaml');
    Object.assign(config.server, { port: 0 });
    config.log.level = 'warn';
    config.queue.databasePath = join(folder, 'gateway.sqlite');
    for (const probe of Object.values(config.health.probes)) probe.enabled = false;
    config.health.judgement.evaluateEveryMs = 100;
    config.alerts = alertsConfigSchema(SecretSchema).parse({
      evaluateEveryMs: 100,
      delivery: { retryBaseMs: 100, retryMaxMs: 400, pollIntervalMs: 50, timeoutMs: 2_000 },
      channels: [{ name: 'ops-hook', type: 'webhook', url: `${receiver.url}/hooks/gateway`, secret: WEBHOOK_SECRET, language: 'vi' }],
    });
    gateway = await startGateway({ config, configFile: 'config/demo.yaml', env: {}, startSimulators, upstreams: [fakeUpstream(system.url)] });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([system?.close(), receiver?.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  it('shows it on the status page by its display name, after the built-in upstreams', async () => {
    const page = await (await fetch(`${gateway.url}/status`)).text();
    expect(page).toContain('Hệ thống đăng ký thử nghiệm');
    const english = await (await fetch(`${gateway.url}/status?lang=en`)).text();
    expect(english).toContain('Trial registry');
    const status = (await (await fetch(`${gateway.url}/v1/status`)).json()) as { checks: Record<string, unknown> };
    expect(Object.keys(status.checks)).toEqual(['population:availability', 'civil-status:availability', 'land:availability', `${FAKE_UPSTREAM}:availability`]);
  });

  it('counts its calls and state in /metrics', async () => {
    const metrics = await eventually(async () => {
      const text = await (await fetch(`${gateway.url}/metrics`)).text();
      return text.includes(`gateway_upstream_state{upstream="${FAKE_UPSTREAM}"`) ? text : undefined;
    });
    expect(metrics).toMatch(new RegExp(`gateway_upstream_calls_abandoned_total\\{upstream="${FAKE_UPSTREAM}"\\} 0`));
  });

  it('drains a ticket queued for it through its own adapter', async () => {
    expect(gateway.queue.drainers[fake]).toBeDefined();
    const now = Date.now();
    await gateway.queue.store.create({
      id: 'ticket-fake-1', client: 'Demo (simulators)', idempotencyKey: 'fake-1', bodyHash: 'h', type: 'trial-entry' as never, upstream: fake,
      communeCode: '21085', officerId: '051090001234', purpose: 'thu-nghiem', caseId: null, requestId: 'req-fake-1',
      subject: { entry: '42' }, callbackUrl: null, citizenWaiting: false, createdAt: now, expiresAt: now + 3_600_000,
    });
    gateway.queue.drainers[fake].wake();
    const ticket = await eventually(async () => {
      const found = await gateway.queue.store.get('ticket-fake-1');
      return found?.status === 'completed' ? found : undefined;
    });
    expect(ticket.result).toEqual({ verified: true });
    expect(system.performed).toEqual(['req-fake-1']);
  });

  it('sends a down alert that names it when its probe keeps failing', async () => {
    system.up = false;
    const alert = await eventually(() => receiver.requests
      .map((request) => JSON.parse(request.body) as { type: string; data: { upstream?: string; rule?: string; subject?: string; text?: string } })
      .find((body) => body.data.upstream === FAKE_UPSTREAM && body.data.rule === 'down'), 10_000);
    expect(alert.data.subject).toContain('Hệ thống đăng ký thử nghiệm');
    expect(alert.data.text).toContain('xác minh sổ thử nghiệm');
  });
});
