// deploy/compose.yaml: its wiring read from the file (always), and Compose's own validation where a Compose
// (the docker plugin or docker-compose) is installed. No engine runs here, so no test starts the stack.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/load.ts';
import { findProgram } from './programs.ts';

interface Service {
  build?: { context: string; dockerfile: string; target?: string };
  image?: string;
  read_only?: boolean;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
}
const COMPOSE = 'deploy/compose.yaml';
const CONFIG = 'deploy/config/gateway.yaml';
const compose = parse(readFileSync(COMPOSE, 'utf8')) as { services: Record<string, Service> };
const gateway = compose.services['gateway']!;

/** The gateway's environment as compose would pass it with nothing set on the host (`${NAME:-default}` → default). */
const environmentByDefault = Object.fromEntries(Object.entries(gateway.environment ?? {})
  .map(([name, value]) => [name, value.replace(/\$\{\w+:-([^}]*)\}/g, '$1')]));

/** How to run Compose here, if at all: the docker plugin, else the older standalone docker-compose. */
function composeCommand(): string[] | undefined {
  const docker = findProgram('docker');
  if (docker && spawnSync(docker, ['compose', 'version']).status === 0) return [docker, 'compose'];
  const standalone = findProgram('docker-compose');
  return standalone ? [standalone] : undefined;
}

describe('the compose stack', () => {
  it('runs the gateway from the runtime stage of deploy/Dockerfile, with a read-only root file system', () => {
    expect(gateway.build).toMatchObject({ context: '..', dockerfile: 'deploy/Dockerfile', target: 'runtime' });
    expect(gateway.read_only).toBe(true);
  });

  it('gives the gateway a config that the gateway accepts, with every secret it names', () => {
    const config = parseConfig(readFileSync(CONFIG, 'utf8'), CONFIG, { ...environmentByDefault, PORT: '8080' });
    expect(config.queue.postgres?.connectionString).toEqual({ env: 'GATEWAY_DATABASE_URL' });
    expect(new URL(environmentByDefault['GATEWAY_DATABASE_URL']!).host).toBe('postgres:5432');
    expect(gateway.volumes).toContain('./config/gateway.yaml:/app/config/gateway.yaml:ro');
    // The store's folder is a named volume, where the image declares it.
    expect(gateway.volumes).toContain(`gateway-store:${posix.dirname(config.queue.databasePath)}`);
  });

  it('has Prometheus scrape the gateway and Grafana read the folders the dashboards go in', () => {
    const prometheus = parse(readFileSync('deploy/prometheus/prometheus.yml', 'utf8')) as {
      scrape_configs: Array<{ metrics_path: string; static_configs: Array<{ targets: string[] }> }>;
    };
    expect(prometheus.scrape_configs).toContainEqual(expect.objectContaining({ metrics_path: '/metrics', static_configs: [{ targets: ['gateway:8080'] }] }));
    expect(compose.services['prometheus']!.volumes).toContain('./prometheus:/etc/prometheus:ro');
    expect(compose.services['grafana']!.volumes).toEqual(expect.arrayContaining([
      './grafana/provisioning:/etc/grafana/provisioning:ro', './grafana/dashboards:/var/lib/grafana/dashboards:ro',
    ]));
  });

  it('publishes ports on the loopback address only', () => {
    const published = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('is valid for Compose itself', (context) => {
    const command = composeCommand();
    if (!command) context.skip('no docker compose or docker-compose on this machine (apt-get install docker-compose; .ci/run does)');
    const result = spawnSync(command![0]!, [...command!.slice(1), '-f', COMPOSE, 'config', '-q'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
