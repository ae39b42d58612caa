// The production artefact as a province installs it: `npm run build`, then dist/, the bundled reference data,
// package.json and package-lock.json copied into an empty folder, `npm ci --omit=dev` there, and `node dist/gateway.mjs` started
// against the simulators run separately. No devDependency (esbuild, tsx, the pinned node) and no simulator is there.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type RunningSimulators } from '../../mocks/index.ts';
import { fetchSample, type Sample } from '../support/sample.ts';
import { npmCli, PRODUCTION_SECRETS, productionConfig, spawnGateway, stopGateway, type GatewayProcess } from '../support/gateway-process.ts';
import { API_KEY, callbackClient } from './verifications-support.ts';

describe('production install', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gateway-install-'));
  let simulators: RunningSimulators;
  let sample: Sample;
  const started: GatewayProcess[] = [];
  let installSeconds = 0;

  const start = (env: Record<string, string | undefined> = PRODUCTION_SECRETS, node?: string) => {
    const gateway = spawnGateway({ args: ['dist/gateway.mjs'], cwd: folder, env: { GATEWAY_CONFIG: undefined, ...env }, ...(node ? { node } : {}) });
    started.push(gateway);
    return gateway;
  };
  const writeConfig = (config: unknown) => {
    mkdirSync(join(folder, 'config'), { recursive: true });
    writeFileSync(join(folder, 'config', 'gateway.yaml'), JSON.stringify(config, null, 2)); // JSON is YAML
  };

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', join(folder, 'dist')]);
    // The bundled administrative-unit catalogue (config adminUnits.*File, relative to the working folder).
    cpSync('reference/admin-units-2025', join(folder, 'reference', 'admin-units-2025'), { recursive: true });
    cpSync('package.json', join(folder, 'package.json'));
    cpSync('package-lock.json', join(folder, 'package-lock.json'));
    const began = performance.now();
    // --ignore-scripts: production dependencies need no install script (and one would phone home).
    execFileSync(process.execPath, [npmCli(), 'ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: folder, stdio: 'pipe' });
    installSeconds = (performance.now() - began) / 1000;
    simulators = await startSimulators();
    sample = await fetchSample(simulators.population.url);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(started.map(stopGateway));
    await simulators?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('installs without devDependencies and without the simulators', () => {
    console.info(`npm ci --omit=dev took ${installSeconds.toFixed(1)} s`);
    const installed = readdirSync(join(folder, 'node_modules'));
    for (const devOnly of ['esbuild', 'tsx', 'vitest', 'node', 'typescript']) expect(installed).not.toContain(devOnly);
    expect(installed).toContain('pg');
    const maps = readdirSync(join(folder, 'dist'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.map'));
    const sources = maps.flatMap((file) => (JSON.parse(readFileSync(join(folder, 'dist', file), 'utf8')) as { sources: string[] }).sources);
    expect(sources.some((source) => source.includes('src/runtime/start.ts'))).toBe(true);
    expect(sources.filter((source) => source.includes('mocks/'))).toEqual([]);
  });

  it('loads the PostgreSQL client only in the chunk that uses it', () => {
    const chunks = readdirSync(join(folder, 'dist'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.mjs'));
    const importingPg = chunks.filter((file) => /from "pg"|import\("pg"\)/.test(readFileSync(join(folder, 'dist', file), 'utf8')));
    expect(importingPg).toHaveLength(1);
    expect(importingPg[0]).toMatch(/postgres-stores/);
  });

  it('starts against the upstreams named in its config, answers lookups and stops cleanly on SIGTERM', async () => {
    writeConfig(productionConfig(simulators, 'data/gateway.sqlite', await callbackClient('http://127.0.0.1:9/hooks')));
    const gateway = start();
    const url = await gateway.listening;
    expect(gateway.stderr()).not.toContain('DEMO MODE');
    const response = await fetch(`${url}/v1/citizens/${sample.citizens[0]}`, {
      headers: { Authorization: `Bearer ${API_KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-khai-sinh', 'X-Commune-Code': '21085' },
    });
    expect(response.status).toBe(200);
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    expect(gateway.stdout()).toContain('"msg":"gateway stopped"');
  });

  it('runs the operator commands from the install, on the store its config/gateway.yaml names', () => {
    // As an operator on the server would: npm's scripts, no GATEWAY_CONFIG, no tsx and no sources in the folder.
    const run = (...args: string[]) => spawnSync(process.execPath, [npmCli(), 'run', '--silent', ...args], {
      cwd: folder, env: { ...process.env, GATEWAY_CONFIG: undefined, ...PRODUCTION_SECRETS }, encoding: 'utf8',
    });
    const created = run('keys', '--', 'create', '--client', 'UBND xã Thử Nghiệm', '--commune', '21085');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(run('keys', '--', 'list').stdout).toContain('UBND xã Thử Nghiệm');
    expect(run('audit', '--', 'verify').stdout).toMatch(/^OK: \d+ rows .*chain intact/);
    const backup = run('backup', '--', 'backup.sqlite');
    expect(backup.status).toBe(0);
    expect(readdirSync(folder)).toContain('backup.sqlite');
  });

  it('names every missing secret and invalid key in one message, without a stack trace', async () => {
    const config = productionConfig(simulators, 'data/gateway.sqlite', await callbackClient('http://127.0.0.1:9/hooks'));
    writeConfig({ ...config, server: { host: '127.0.0.1', port: 0, sevrer: 1 } });
    const gateway = start({ PORT: '80a' });
    expect(await gateway.exited).toBe(1);
    const stderr = gateway.stderr();
    for (const expected of ['config/gateway.yaml', 'sevrer', 'POPULATION_CLIENT_SECRET', 'CIVIL_STATUS_PASSWORD', 'LAND_PASSWORD', 'PORT: "80a"']) {
      expect(stderr).toContain(expected);
    }
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('says in one line that the config file is missing', async () => {
    const gateway = start({ ...PRODUCTION_SECRETS, GATEWAY_CONFIG: 'config/nowhere.yaml' });
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr().trim()).toMatch(/^Configuration file config\/nowhere\.yaml not found\. GATEWAY_CONFIG names the file;[^\n]*$/);
  });

  it('says in one line that the port is taken', async () => {
    writeConfig(productionConfig(simulators, 'data/gateway.sqlite', await callbackClient('http://127.0.0.1:9/hooks')));
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as { port: number }).port;
      const gateway = start({ ...PRODUCTION_SECRETS, PORT: String(port) });
      expect(await gateway.exited).toBe(1);
      expect(gateway.stderr().trim()).toBe(`The gateway could not listen: 127.0.0.1:${port} is already in use. Set server.port in the config or PORT.`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('refuses a Node older than 24 with one line', async (context) => {
    const systemNode = spawnSync('sh', ['-c', 'command -v node'], { encoding: 'utf8', env: { PATH: '/usr/local/bin:/usr/bin:/bin' } }).stdout.trim();
    const version = systemNode ? spawnSync(systemNode, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';
    if (!version || Number(version.slice(1).split('.')[0]) >= 24) context.skip('no Node older than 24 on this machine to try');
    const gateway = start(PRODUCTION_SECRETS, systemNode);
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr().trim()).toBe(`The gateway needs Node.js 24 or newer; this is Node.js ${version.slice(1)}. Install Node.js 24 (see README, Running in production).`);
  });
});
