// The audit log and the store's client keys through the real gateway and simulators: personal-data calls leave
// chained rows an inspector exports with the CLI, and keys made, rotated and revoked with the CLI take effect on
// two gateway processes sharing one store.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.ts';
import { newEd25519Key } from '../../src/runtime/audit-crypto.ts';
import { auditCli } from '../../src/runtime/audit-cli.ts';
import type { CliIo } from '../../src/runtime/cli-support.ts';
import { keysCli } from '../../src/runtime/keys-cli.ts';
import { eventually } from '../support/eventually.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const SIGNING_KEY = newEd25519Key().privateKeyBase64;
const running: TestGateway[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.close()));
});

// The gateways get the HMAC key inline (startTestGateway passes no environment); the CLI reads it from one.
function sharedStore(path: string) {
  return (config: Config) => {
    config.queue.databasePath = path;
    config.audit.subjectKey = 'inspector-test-key';
    config.audit.signingKey = SIGNING_KEY;
    config.audit.checkpointEveryRows = 2;
    config.keys.refreshIntervalMs = 200;
  };
}

/** Runs a CLI command against `config` and returns its status and output. */
async function cli(command: typeof auditCli, argv: string[], config: Config) {
  let out = '';
  let err = '';
  const io: CliIo = { env: { AUDIT_SUBJECT_KEY: 'inspector-test-key' }, out: (text) => void (out += text), err: (text) => void (err += text) };
  const status = await command(argv, { config, configFile: 'test' }, io);
  return { status, out, err };
}

async function start(path: string) {
  const gateway = await startTestGateway(sharedStore(path));
  running.push(gateway);
  return gateway;
}

const configOf = (path: string) => {
  // The CLIs read the same file as the gateways; the rest of the config only has to parse.
  const config = { store: {}, queue: { databasePath: path }, audit: { subjectKey: { env: 'AUDIT_SUBJECT_KEY' }, signingKey: SIGNING_KEY }, keys: { refreshIntervalMs: 200, rotationGraceHours: 24 } };
  return config as unknown as Config;
};

describe('the audit log', () => {
  it('records each personal-data call as a chained row an inspector exports by commune, time and citizen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gateway-audit-e2e-')), 'gateway.sqlite');
    const gateway = await start(path);
    const before = Date.now();
    expect((await gateway.get('/v1/citizens/051190000123')).status).toBe(200);
    expect((await gateway.get('/v1/citizens/051190000123')).status).toBe(200);
    expect((await gateway.get('/v1/citizens/051190000123', { 'X-Case-Id': 'HS-2026-1' })).status).toBe(200);
    const config = configOf(path);
    const exported = await eventually(async () => {
      const result = await cli(auditCli, ['export', '--subject', '051190000123', '--format', 'jsonl'], config);
      const rows = result.out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
      return rows.length === 3 ? rows : undefined;
    });
    expect(exported[0]).toMatchObject({ seq: 1, operation: 'lookupCitizen', outcome: 'answered', freshness: 'fresh', purpose: 'dang-ky-khai-sinh' });
    expect(exported[1]).toMatchObject({ freshness: 'cached' });
    expect(exported[2]).toMatchObject({ case_id: 'HS-2026-1' });
    const communeCode = String(exported[0]!['commune_code']);
    // No personal ID in clear: the subject and the officer are keyed references.
    expect(JSON.stringify(exported)).not.toContain('051190000123');
    expect(JSON.stringify(exported)).not.toContain('051090001234');
    expect(exported[0]!['subject_ref']).toMatch(/^[0-9a-f]{64}$/);

    const verify = await cli(auditCli, ['verify'], config);
    // Rows reach the log in batches, so two rows may land in one flush or two: one or two checkpoints.
    expect(verify).toMatchObject({ status: 0, out: expect.stringMatching(/^OK: 3 rows .* [12] signed checkpoints verified/) });

    const window = (from: number, to: number) => ['--from', new Date(from).toISOString(), '--to', new Date(to).toISOString()];
    const csv = await cli(auditCli, ['export', '--commune', communeCode, ...window(before - 1_000, Date.now() + 1_000), '--format', 'csv'], config);
    expect(csv.out.trim().split('\r\n')).toHaveLength(4);
    expect(csv.out).toContain('seq,time,client,commune_code');
    expect((await cli(auditCli, ['export', '--commune', '99999', '--format', 'csv'], config)).out.trim().split('\r\n')).toHaveLength(1);
    expect((await cli(auditCli, ['export', ...window(before - 60_000, before - 1_000)], config)).out).toBe('');

    // To a file: the same text, readable by its owner only, and never over an existing file.
    const file = join(mkdtempSync(join(tmpdir(), 'gateway-audit-export-')), 'export.csv');
    const toFile = await cli(auditCli, ['export', '--commune', communeCode, '--format', 'csv', '--output', file], config);
    expect(toFile).toMatchObject({ status: 0, out: `3 rows written to ${file}\n` });
    expect(readFileSync(file, 'utf8')).toBe((await cli(auditCli, ['export', '--commune', communeCode, '--format', 'csv'], config)).out);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await cli(auditCli, ['export', '--output', file], config)).toEqual({ status: 1, out: '', err: `${file} exists already; an export never overwrites a file\n` });
  });
});

describe('client keys in the store', () => {
  it('are created, rotated and revoked with the CLI and take effect on both gateways sharing the store', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gateway-keys-e2e-')), 'gateway.sqlite');
    const [first, second] = [await start(path), await start(path)];
    const config = configOf(path);
    const status = (gateway: TestGateway, key: string) =>
      fetch(`${gateway.url}/v1/incidents`, { headers: { Authorization: `Bearer ${key}` } }).then((response) => response.status);
    const onBoth = async (key: string) => [await status(first, key), await status(second, key)];

    const created = await cli(keysCli, ['create', '--client', 'UBND xã Sơn Thủy', '--commune', '21085'], config);
    expect(created.status).toBe(0);
    const key = created.out.match(/cgk_[A-Za-z0-9_-]+/)![0];
    const id = created.out.match(/k_[A-Za-z0-9_-]+/)![0];
    await eventually(async () => (await onBoth(key)).every((code) => code === 200) || undefined);

    const rotated = await cli(keysCli, ['rotate', id, '--grace-hours', '1'], config);
    const successor = rotated.out.match(/cgk_[A-Za-z0-9_-]+/)![0];
    await eventually(async () => (await onBoth(successor)).every((code) => code === 200) || undefined);
    expect(await onBoth(key)).toEqual([200, 200]);
    expect((await cli(keysCli, ['list'], config)).out).toMatch(new RegExp(`${id}\\t.*until`));

    const revokedAt = Date.now();
    expect((await cli(keysCli, ['revoke', id], config)).status).toBe(0);
    await eventually(async () => (await onBoth(key)).every((code) => code === 401) || undefined, 2_000);
    // "At once" = within the refresh interval (200 ms here, 1 s by default) plus a request.
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    expect(await onBoth(successor)).toEqual([200, 200]);
    expect(created.out + rotated.out).not.toContain('sha');
  });
});
