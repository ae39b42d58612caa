// Runs the gateway as a process: reads the config named by GATEWAY_CONFIG, starts, prints where everything is,
// stops gracefully on SIGTERM/SIGINT, and turns every start failure a person can fix into plain lines, no stack.
import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig } from '../config/load.ts';
import { startGateway, type RunningGateway, type SimulatorStarter } from './start.ts';

export interface RunOptions {
  /** The config file when GATEWAY_CONFIG is unset. */
  defaultConfigFile: string;
  /** The demo entry's simulators; the production entry has none. */
  startSimulators?: SimulatorStarter;
}

/** A start failure whose message says all a person needs (no stack trace). */
class StartRefused extends Error {}

export async function runGateway(options: RunOptions): Promise<void> {
  const configFile = process.env['GATEWAY_CONFIG'] ?? options.defaultConfigFile;
  let gateway: RunningGateway | undefined;
  // A rejection nobody handled is a bug to log, not a reason to drop every request in flight.
  process.on('unhandledRejection', (reason: unknown) => {
    if (gateway) gateway.services.logger.error({ err: reason }, 'unhandled rejection');
    else process.stderr.write(`Unhandled rejection: ${describe(reason)}\n`);
  });
  try {
    const config = parseConfig(readConfigFile(configFile), configFile, process.env);
    gateway = await startGateway({ config, configFile, env: process.env, ...options });
    printBanner(gateway, configFile);
    const running = gateway;
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      running.services.logger.info({ signal }, 'stopping');
      running.close().then(() => process.exit(0), (error: unknown) => {
        running.services.logger.error({ err: error }, 'stop failed');
        process.exit(1);
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  } catch (error) {
    process.stderr.write(`${startFailure(error)}\n`);
    process.exit(1);
  }
}

function readConfigFile(configFile: string): string {
  try {
    return readFileSync(configFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StartRefused(`Configuration file ${configFile} not found. GATEWAY_CONFIG names the file; the repository's config/production.example.yaml is a starting point.`);
    }
    throw new StartRefused(`Configuration file ${configFile} cannot be read: ${(error as Error).message}`);
  }
}

function startFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof StartRefused) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const { address, port } = error as { address?: string; port?: number };
    const why = code === 'EADDRINUSE' ? 'is already in use' : 'may not be used by this user';
    return `The gateway could not listen: ${address ?? ''}:${port ?? ''} ${why}. Set server.port in the config or PORT.`;
  }
  return `The gateway could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.stack ?? reason.message : String(reason);
}

function printBanner(gateway: RunningGateway, configFile: string): void {
  const lines = [
    '',
    `Commune integration gateway is running (config: ${configFile})`,
    `  API:          ${gateway.url}/v1/…`,
    `  Docs:         ${gateway.url}/docs   (OpenAPI: ${gateway.url}/openapi.json)`,
    `  Health page:  ${gateway.url}/status`,
  ];
  if (gateway.simulators) {
    lines.push(
      '',
      '  !!! DEMO MODE: the upstreams are the bundled SIMULATORS with synthetic data, not the national systems. !!!',
      `  Population simulator:    ${gateway.simulators.population.url}`,
      `  Civil-status simulator:  ${gateway.simulators.civilStatus.url}`,
      `  Land simulator:          ${gateway.simulators.land.url}`,
      `  Sample identifiers:      ${gateway.simulators.population.url}/__sim/sample`,
    );
  }
  if (gateway.demoApiKey) {
    lines.push('', `Demo API key: ${gateway.demoApiKey}`, '', 'Try:',
      `  curl -H "Authorization: Bearer ${gateway.demoApiKey}" -H "X-Officer-Id: 051090001234" -H "X-Purpose: dang-ky-khai-sinh" \\`,
      `       ${gateway.url}/v1/citizens/051190000123`);
  }
  process.stderr.write(`${lines.join('\n')}\n\n`);
}
