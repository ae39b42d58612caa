// Starts the real gateway and simulators with fast health probes and a health store of its own, for the
// health end-to-end and browser tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/schema.ts';
import { eventually } from '../support/eventually.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

/** Probe every 100 ms; down after 3 failures, up after 2 successes; incidents close after 500 ms of health. */
export const PROBE = { intervalMs: 100, timeoutMs: 1_000, failureThreshold: 3, successThreshold: 2 } as const;
export const CLOSE_AFTER_MS = 500;

export interface HealthGateway extends TestGateway {
  status(commune?: string): Promise<StatusBody>;
  /** Polls /v1/status (bounded) until the upstream's check satisfies `predicate`; returns that check. */
  waitForCheck(upstream: string, predicate: (check: Check) => boolean, timeoutMs?: number): Promise<Check>;
}

export interface Check {
  status: string;
  state: string;
  since: string;
  reasons: string[];
  login: string;
  lastProbe: { outcome: string; at: string } | null;
  openIncident: { id: string; startedAt: string } | null;
  [key: string]: unknown;
}

export interface StatusBody {
  status: string;
  checks: Record<string, Check[]>;
}

export async function startHealthGateway(change: (config: Config) => void = () => {}): Promise<HealthGateway> {
  const folder = mkdtempSync(join(tmpdir(), 'gateway-health-e2e-'));
  const gateway = await startTestGateway((config) => {
    config.log.level = 'warn';
    config.queue.databasePath = join(folder, 'gateway.sqlite');
    for (const probe of Object.values(config.health.probes)) Object.assign(probe, { enabled: true, ...PROBE });
    config.health.judgement.evaluateEveryMs = 100;
    config.health.incidents = { openDownAfterMs: 0, openDegradedAfterMs: 60_000, closeAfterMs: CLOSE_AFTER_MS };
    change(config);
  });
  const close = gateway.close.bind(gateway);
  const status = async (commune?: string) =>
    (await (await fetch(`${gateway.url}/v1/status${commune ? `?commune=${commune}` : ''}`)).json()) as StatusBody;
  return Object.assign(gateway, {
    status,
    async waitForCheck(upstream: string, predicate: (check: Check) => boolean, timeoutMs = 5_000) {
      return eventually(async () => {
        const check = (await status()).checks[`${upstream}:availability`]?.[0];
        return check && predicate(check) ? check : undefined;
      }, timeoutMs, 20);
    },
    async close() {
      await close();
      rmSync(folder, { recursive: true, force: true });
    },
  });
}
