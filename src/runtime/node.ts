// Entry point on Node.js: read the config named by GATEWAY_CONFIG, start, print where everything is.
import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig } from '../config/load.ts';
import { startGateway } from './start.ts';

const configFile = process.env['GATEWAY_CONFIG'] ?? 'config/demo.yaml';

async function main(): Promise<void> {
  const config = parseConfig(readFileSync(configFile, 'utf8'), configFile);
  const gateway = await startGateway({ config, configFile, env: process.env });
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
  const stop = () => {
    gateway.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`The gateway could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  }
  process.exit(1);
});
