// Starts the real gateway with the real simulators on loopback ports chosen by the OS, logs captured.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { startSimulators } from '../../mocks/index.ts';
import { startGateway, type RunningGateway } from '../../src/runtime/start.ts';

export interface TestGateway extends RunningGateway {
  apiKey: string;
  /** Every log line the gateway wrote, as text. */
  logs: string[];
  /** Headers a commune application sends on personal-data calls. */
  headers: Record<string, string>;
  get(path: string, extra?: Record<string, string>): Promise<Response>;
}

export type ConfigChange = (config: Config) => void;

export async function startTestGateway(...changes: ConfigChange[]): Promise<TestGateway> {
  const config = parseConfig(readFileSync('config/demo.yaml', 'utf8'), 'config/demo.yaml');
  config.server.port = 0;
  config.log.level = 'debug';
  // A store of its own per test gateway: leftovers from another run must not change what a test sees.
  config.queue.databasePath = join(mkdtempSync(join(tmpdir(), 'gateway-test-')), 'gateway.sqlite');
  // Health probes are upstream calls that tests counting requests do not expect; health tests turn them on.
  for (const probe of Object.values(config.health.probes)) probe.enabled = false;
  for (const change of changes) change(config);
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const gateway = await startGateway({ config, configFile: 'config/demo.yaml', env: {}, logDestination, startSimulators });
  const apiKey = gateway.demoApiKey ?? '';
  const headers = { Authorization: `Bearer ${apiKey}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-khai-sinh' };
  return Object.assign(gateway, {
    apiKey,
    logs,
    headers,
    get: (path: string, extra: Record<string, string> = {}) => fetch(`${gateway.url}${path}`, { headers: { ...headers, ...extra } }),
  });
}
