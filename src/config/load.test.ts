import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, maskedConfig, parseConfig, resolveSecret } from './load.ts';

const minimal = `
upstreams:
  population: { baseUrl: "http://127.0.0.1:1", clientId: a, clientSecret: { env: POP_SECRET } }
  civilStatus: { baseUrl: "http://127.0.0.1:2", username: u, password: p }
  land: { baseUrl: "http://127.0.0.1:3", username: u, password: p }
`;

describe('configuration', () => {
  it('parses the bundled demo and production example files', () => {
    for (const file of ['config/demo.yaml', 'config/production.example.yaml']) {
      expect(() => parseConfig(readFileSync(file, 'utf8'), file)).not.toThrow();
    }
  });

  it('fills defaults for everything a province need not set', () => {
    const config = parseConfig(minimal, 'x.yaml');
    expect(config.server.port).toBe(8080);
    expect(config.upstreams.population.deadlineMs).toBe(3000);
    expect(config.simulators.enabled).toBe(false);
  });

  it('names the key, the problem and the file when the config is wrong', () => {
    const bad = minimal.replace('"http://127.0.0.1:2"', '"not a url"').replace('clientId: a', 'clientId: ""');
    const error = (() => { try { parseConfig(bad, 'bad.yaml'); } catch (e) { return e as Error; } })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain('bad.yaml');
    expect(error?.message).toContain('upstreams.civilStatus.baseUrl');
    expect(error?.message).toContain('upstreams.population.clientId');
  });

  it('refuses unknown keys so a typo does not pass silently', () => {
    expect(() => parseConfig(`${minimal}\nsevrer: { port: 1 }\n`, 'typo.yaml')).toThrow(/sevrer/);
  });

  it('reads secrets from the environment variable the file names', () => {
    const config = parseConfig(minimal, 'x.yaml');
    expect(resolveSecret(config.upstreams.population.clientSecret, { POP_SECRET: 's3cret' }, 'k', 'x.yaml')).toBe('s3cret');
    expect(() => resolveSecret(config.upstreams.population.clientSecret, {}, 'upstreams.population.clientSecret', 'x.yaml'))
      .toThrow(/POP_SECRET is not set/);
  });

  it('names every missing secret and every invalid key in one message', () => {
    const production = readFileSync('config/production.example.yaml', 'utf8').replace('port: 8080', 'port: "eight"');
    const error = (() => { try { parseConfig(production, 'production.yaml', {}); } catch (e) { return e as Error; } })();
    expect(error).toBeInstanceOf(ConfigError);
    for (const expected of ['server.port', 'POPULATION_CLIENT_SECRET', 'CIVIL_STATUS_PASSWORD', 'LAND_PASSWORD', 'SMTP_PASSWORD']) {
      expect(error?.message).toContain(expected);
    }
  });

  it('accepts a config whose secrets are all in the environment', () => {
    const text = readFileSync('config/production.example.yaml', 'utf8');
    const env = Object.fromEntries([...text.matchAll(/^[^#\n]*\{ env: (\w+) \}/gm)].map((match) => [match[1]!, 'set']));
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['POPULATION_CLIENT_SECRET', 'CIVIL_STATUS_PASSWORD', 'LAND_PASSWORD', 'SMTP_PASSWORD']));
    expect(() => parseConfig(text, 'production.yaml', env)).not.toThrow();
  });

  it('takes the port from PORT, and refuses a PORT that is not a port number', () => {
    expect(parseConfig(minimal, 'x.yaml', { POP_SECRET: 's', PORT: '9090' }).server.port).toBe(9090);
    expect(() => parseConfig(minimal, 'x.yaml', { POP_SECRET: 's', PORT: '80a' })).toThrow(/PORT: "80a" is not a port number/);
  });

  it('keeps the demo store apart from the production one', () => {
    const demo = parseConfig(readFileSync('config/demo.yaml', 'utf8'), 'demo.yaml').queue.databasePath;
    const production = parseConfig(readFileSync('config/production.example.yaml', 'utf8'), 'production.yaml').queue.databasePath;
    expect(demo).toBe('data/demo.sqlite');
    expect(production).not.toBe(demo);
    expect(parseConfig(minimal, 'x.yaml').queue.databasePath).not.toBe(demo);
  });

  it('masks secrets in the effective config it logs', () => {
    const config = parseConfig(readFileSync('config/demo.yaml', 'utf8'), 'demo.yaml');
    const text = JSON.stringify(maskedConfig(config));
    expect(text).not.toContain('demo-secret');
    expect(text).not.toContain('demo-password');
    expect(text).not.toContain(config.simulators.demoApiKey);
  });

  it('masks the probe personal IDs and the credentials in every URL of the effective config it logs', () => {
    const yaml = `${minimal.replace('"http://127.0.0.1:1"', '"http://gw:upstr3am@127.0.0.1:1"')}
health: { probes: { population: { testPersonalId: "051190000123", officerId: "079090001234" } } }
alerts:
  channels:
    - { name: ops, type: webhook, url: "https://hook:h00ksecret@alerts.example/in?token=t0ken&team=ops", secret: s }
`;
    const text = JSON.stringify(maskedConfig(parseConfig(yaml, 'x.yaml')));
    expect(text).not.toMatch(/051190000123|079090001234|upstr3am|h00ksecret|t0ken/);
    expect(text).toContain('051*******23');
    expect(text).toContain('team=ops');
  });

  it('leaves tracing off by default and asks for a collector when it is turned on', () => {
    expect(parseConfig(minimal, 'x.yaml').telemetry).toEqual({ enabled: false, serviceName: 'commune-gateway' });
    expect(() => parseConfig(`${minimal}\ntelemetry: { enabled: true }\n`, 't.yaml')).toThrow(/telemetry\.otlpEndpoint: otlpEndpoint is required/);
    const config = parseConfig(`${minimal}\ntelemetry: { enabled: true, otlpEndpoint: "http://gw:s3cret@collector:4318" }\n`, 't.yaml');
    expect(JSON.stringify(maskedConfig(config))).not.toContain('s3cret');
  });
});
