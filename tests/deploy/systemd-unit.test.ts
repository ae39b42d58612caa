// deploy/systemd/commune-gateway.service: what it must say (always checked), and systemd's own verdict on it
// (`systemd-analyze verify` and `security --offline`) where systemd-analyze is installed. No test starts it: that
// needs systemd as PID 1, which a test machine or container seldom has.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findProgram } from './programs.ts';

const UNIT = 'deploy/systemd/commune-gateway.service';
const unit = readFileSync(UNIT, 'utf8');
const systemdAnalyze = findProgram('systemd-analyze');
const noSystemd = 'no systemd-analyze on this machine (apt-get install systemd)';

/** Every value of `key` in the [Service] section, in order. */
function serviceValues(key: string): string[] {
  const service = unit.slice(unit.indexOf('[Service]'), unit.indexOf('[Install]'));
  return [...service.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((match) => match[1]!.trim());
}

describe('the systemd unit', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gateway-unit-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('runs as a dynamic user whose state directory holds the store of the example production config', () => {
    expect(serviceValues('DynamicUser')).toEqual(['yes']);
    expect(serviceValues('StateDirectory')).toEqual(['commune-gateway']);
    const example = parse(readFileSync('config/production.example.yaml', 'utf8')) as { queue: { databasePath: string } };
    expect(example.queue.databasePath).toBe('/var/lib/commune-gateway/gateway.sqlite');
  });

  it('starts what npm run start:prod starts, with node itself as the main process', () => {
    const startProd = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod']!;
    const [execStart] = serviceValues('ExecStart');
    expect(execStart!.replace(/^\/\S+\/node /, 'node ')).toBe(startProd);
  });

  it('keeps the hardening options that matter for a network service', () => {
    for (const [key, value] of [['ProtectSystem', 'strict'], ['ProtectHome', 'yes'], ['PrivateTmp', 'yes'], ['NoNewPrivileges', 'yes'],
      ['CapabilityBoundingSet', ''], ['RestrictAddressFamilies', 'AF_INET AF_INET6 AF_UNIX'], ['SystemCallFilter', '@system-service']]) {
      expect(serviceValues(key!), key).toContain(value);
    }
    // V8's JIT needs writable, executable memory: MemoryDenyWriteExecute=yes would crash Node at start.
    expect(serviceValues('MemoryDenyWriteExecute')).toEqual(['no']);
  });

  it('passes systemd-analyze verify without a warning', (context) => {
    if (!systemdAnalyze) context.skip(noSystemd);
    // This machine's Node stands in for /usr/bin/node: verify checks that the program exists.
    const file = join(folder, 'commune-gateway.service');
    writeFileSync(file, unit.replace(/^ExecStart=\/\S+\/node /m, `ExecStart=${process.execPath} `));
    const result = spawnSync(systemdAnalyze!, ['verify', file], { encoding: 'utf8' });
    // Unknown keys and bad values are only warnings on stderr, with exit code 0.
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('rates an exposure of 2.0 or less in systemd-analyze security', (context) => {
    if (!systemdAnalyze) context.skip(noSystemd);
    const result = spawnSync(systemdAnalyze!, ['security', '--offline=yes', '--threshold=20', UNIT], { encoding: 'utf8' });
    expect(result.stdout).toMatch(/Overall exposure level for commune-gateway\.service: [0-2]\.\d/);
    expect(result.status).toBe(0);
  });
});
