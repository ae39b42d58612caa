// Runs the gateway as its own process (the production entry, bundled or through tsx), as a province would, and
// keeps what it writes: stdout (JSON logs) and stderr (banner, start failures).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { RunningSimulators } from '../../mocks/index.ts';
import type { ClientConfig } from '../../src/config/schema.ts';

export interface GatewayProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Exit code once it has exited. */
  exited: Promise<number | null>;
  /** Resolves with the URL the banner prints ("API: http://…/v1/…"); rejects if the process exits first. */
  listening: Promise<string>;
}

export interface SpawnOptions {
  /** Arguments after the node binary, e.g. ['dist/gateway.mjs'] or ['--import', 'tsx', 'src/runtime/node.ts']. */
  args: string[];
  /** Default: this process's Node (24). */
  node?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
}

export function spawnGateway(options: SpawnOptions): GatewayProcess {
  const child = spawn(options.node ?? process.execPath, options.args, {
    cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /API:\s+(http:\/\/\S+)\/v1/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`the gateway exited (${code}) before listening:\n${stderr}`)));
  });
  listening.catch(() => {}); // a test that expects a failed start reads exited, not listening
  return { child, stdout: () => stdout, stderr: () => stderr, exited, listening };
}

/** Stops it (SIGTERM) if it still runs, and waits for its exit. */
export async function stopGateway(gateway: GatewayProcess | undefined): Promise<void> {
  if (!gateway) return;
  if (gateway.child.exitCode === null && gateway.child.signalCode === null) gateway.child.kill('SIGTERM');
  await gateway.exited;
}

/** A production config (no simulators in the gateway) for upstreams served by `simulators` run by the test. */
export function productionConfig(simulators: RunningSimulators, databasePath: string, client: ClientConfig): Record<string, unknown> {
  return {
    server: { host: '127.0.0.1', port: 0 },
    log: { level: 'info' },
    upstreams: {
      population: { baseUrl: simulators.population.url, clientId: 'demo-gateway', clientSecret: { env: 'POPULATION_CLIENT_SECRET' } },
      civilStatus: { baseUrl: simulators.civilStatus.url, username: 'demo-xa', password: { env: 'CIVIL_STATUS_PASSWORD' } },
      land: { baseUrl: simulators.land.url, username: 'demo-land', password: { env: 'LAND_PASSWORD' } },
    },
    clients: [client],
    health: { probes: { population: { enabled: false }, civilStatus: { enabled: false }, land: { enabled: false } } },
    queue: { databasePath },
  };
}

/** The simulators' demo credentials, where productionConfig's `{ env: … }` secrets look for them. */
export const PRODUCTION_SECRETS = { POPULATION_CLIENT_SECRET: 'demo-secret', CIVIL_STATUS_PASSWORD: 'demo-password', LAND_PASSWORD: 'demo-password' };

/** npm's own script under this Node: the system Node may be older than npm wants. */
export function npmCli(): string {
  return process.env['npm_execpath'] ?? execFileSync('sh', ['-c', 'readlink -f "$(command -v npm)"'], { encoding: 'utf8' }).trim();
}
