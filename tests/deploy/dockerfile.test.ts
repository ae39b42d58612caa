// deploy/Dockerfile where no Docker engine runs: its rules read from the file, then its runtime stage rehearsed in a
// temp folder standing for the image's root (the COPY and npm ci steps, the CMD started, the HEALTHCHECK run against
// it, nothing written outside the volume). The build stage's `node scripts/build.mjs` is run as the
// production-install test runs it; its full `npm ci` is not repeated here.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSimulators, type RunningSimulators } from '../../mocks/index.ts';
import { npmCli, PRODUCTION_SECRETS, productionConfig, spawnGateway, stopGateway, type GatewayProcess } from '../support/gateway-process.ts';
import { API_KEY, callbackClient } from '../e2e/verifications-support.ts';
import { instructionsOf, parseDockerfile, type Stage } from './dockerfile.ts';

const { stages } = parseDockerfile(readFileSync('deploy/Dockerfile', 'utf8'));
const runtime = stages.at(-1)!;
const startProd = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod']!;
const composeStore = (parse(readFileSync('deploy/config/gateway.yaml', 'utf8')) as { queue: { databasePath: string } }).queue.databasePath;
const last = (stage: Stage, keyword: string) => instructionsOf(stage, keyword).at(-1);

describe('the Dockerfile', () => {
  it('builds every stage on Node 24 slim', () => {
    for (const stage of stages.filter((stage) => !stages.some((other) => other.name === stage.from))) {
      expect(stage.from, stage.name).toMatch(/^node:24[\w.-]*-slim$/);
    }
  });

  it('makes the runtime stage the default target, running as a user other than root', () => {
    expect(runtime.name).toBe('runtime');
    const user = last(runtime, 'USER')?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user!.split(':')[0]);
    // Nothing after USER runs as root again.
    const userAt = runtime.instructions.lastIndexOf(last(runtime, 'USER')!);
    expect(runtime.instructions.slice(userAt).map((instruction) => instruction.keyword)).not.toContain('RUN');
  });

  it('installs runtime dependencies only, without install scripts, and copies only the bundle and the catalogue from the build', () => {
    const installs = instructionsOf(runtime, 'RUN').filter((run) => /\bnpm\b/.test(run.args));
    expect(installs.map((run) => run.args)).toEqual([expect.stringMatching(/^npm ci --omit=dev --ignore-scripts\b/)]);
    const fromBuild = instructionsOf(runtime, 'COPY').filter((copy) => copy.flags['from']);
    expect(fromBuild.map((copy) => copy.args.split(/\s+/)[0])).toEqual(['/app/dist', '/app/reference/admin-units-2025']);
  });

  it('declares the folder of the store as a volume', () => {
    expect(JSON.stringify(instructionsOf(runtime, 'VOLUME').map((volume) => volume.args))).toContain(posix.dirname(composeStore));
  });

  it('checks health on /health/ready and starts what npm run start:prod starts', () => {
    expect(last(runtime, 'HEALTHCHECK')?.exec?.join(' ')).toContain('/health/ready');
    expect(last(runtime, 'CMD')?.exec?.join(' ')).toBe(startProd);
  });
});

describe('the runtime stage, rehearsed in a folder standing for the image', () => {
  const root = mkdtempSync(join(tmpdir(), 'gateway-image-'));
  const built = join(root, '.build-stage-dist'); // what the build stage's `node scripts/build.mjs` leaves in /app/dist
  const inImage = (path: string) => join(root, path);
  const env: Record<string, string> = {};
  let workdir = '/';
  let simulators: RunningSimulators;
  let gateway: GatewayProcess | undefined;
  const notRehearsed: string[] = [];

  /** A path of the build stage: /app/dist is the bundle built above, the rest of /app the repository's files. */
  const fromBuildStage = (path: string) => (path.startsWith('/app/dist') ? join(built, path.slice('/app/dist'.length)) : path.replace(/^\/app\//, ''));

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', built]);
    for (const instruction of runtime.instructions) {
      const { keyword, args, flags } = instruction;
      if (keyword === 'ENV') {
        const [name, value] = args.split('=');
        env[name!] = value!;
      } else if (keyword === 'WORKDIR') {
        workdir = posix.resolve(workdir, args);
        mkdirSync(inImage(workdir), { recursive: true });
      } else if (keyword === 'COPY') {
        const parts = args.split(/\s+/);
        const target = posix.resolve(workdir, parts.pop()!);
        for (const source of parts) {
          const from = flags['from'] ? fromBuildStage(source) : source;
          const into = target.endsWith('/') || parts.length > 1 ? posix.join(target, posix.basename(source)) : target;
          cpSync(from, inImage(into), { recursive: true });
        }
      } else if (keyword === 'RUN' && args.startsWith('npm ci ')) {
        execFileSync(process.execPath, [npmCli(), ...args.split(/\s+/).slice(1), '--prefer-offline'], { cwd: inImage(workdir), stdio: 'pipe' });
      } else if (keyword === 'RUN') {
        notRehearsed.push(args); // ownership for a user this machine may not have
      } else if (keyword === 'VOLUME') {
        for (const volume of args.split(/\s+/)) mkdirSync(inImage(volume), { recursive: true });
      }
    }
    simulators = await startSimulators();
  }, 180_000);

  afterAll(async () => {
    await stopGateway(gateway);
    await simulators?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Every file under the image's root outside its volumes, for "nothing written there". */
  const filesOutsideVolumes = () => readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => !file.startsWith(posix.dirname(composeStore).slice(1)) && !file.startsWith('.build-stage-dist')).sort();

  it('leaves only the volume ownership to Docker', () => {
    expect(notRehearsed).toEqual([expect.stringMatching(/^mkdir -p \/var\/lib\/commune-gateway && chown node:node /)]);
  });

  it('starts its CMD with the config mounted where compose mounts it, answers a lookup, passes its HEALTHCHECK and writes only to its volume', async () => {
    const compose = parse(readFileSync('deploy/compose.yaml', 'utf8')) as { services: { gateway: { volumes: string[] } } };
    const configMount = compose.services.gateway.volumes.find((volume) => volume.startsWith('./config/'))!.split(':')[1]!;
    const store = inImage(composeStore);
    mkdirSync(dirname(inImage(configMount)), { recursive: true });
    writeFileSync(inImage(configMount), JSON.stringify(productionConfig(simulators, store, await callbackClient('http://127.0.0.1:9/hooks'))));
    const before = filesOutsideVolumes();

    const [node, ...nodeArgs] = last(runtime, 'CMD')!.exec!;
    expect(node).toBe('node');
    // Port 0 here (the image fixes 8080); the HEALTHCHECK is then told the port the gateway took.
    gateway = spawnGateway({ args: nodeArgs, cwd: inImage(workdir), env: { ...env, ...PRODUCTION_SECRETS, PORT: '0', GATEWAY_CONFIG: undefined } });
    const url = await gateway.listening;
    const sample = (await (await fetch(`${simulators.population.url}/__sim/sample`)).json()) as { citizens: string[] };
    const response = await fetch(`${url}/v1/citizens/${sample.citizens[0]}`, {
      headers: { Authorization: `Bearer ${API_KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-khai-sinh', 'X-Commune-Code': '21085' },
    });
    expect(response.status).toBe(200);

    const [probe, ...probeArgs] = last(runtime, 'HEALTHCHECK')!.exec!;
    const health = spawnSync(probe === 'node' ? process.execPath : probe!, probeArgs, { env: { ...process.env, PORT: new URL(url).port }, timeout: 5_000 });
    expect(health.status).toBe(0);

    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    expect(existsSync(store)).toBe(true);
    expect(filesOutsideVolumes()).toEqual(before); // it runs on a read-only root file system
  });

  it('fails its HEALTHCHECK when nothing answers', () => {
    const [, ...probeArgs] = last(runtime, 'HEALTHCHECK')!.exec!;
    const health = spawnSync(process.execPath, probeArgs, { env: { ...process.env, PORT: '9' }, timeout: 5_000 });
    expect(health.status).toBe(1);
  });
});
