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

  it('masks secrets in the effective config it logs', () => {
    const config = parseConfig(readFileSync('config/demo.yaml', 'utf8'), 'demo.yaml');
    const text = JSON.stringify(maskedConfig(config));
    expect(text).not.toContain('demo-secret');
    expect(text).not.toContain('demo-password');
    expect(text).not.toContain(config.simulators.demoApiKey);
  });

  it('leaves tracing off by default and asks for a collector when it is turned on', () => {
    expect(parseConfig(minimal, 'x.yaml').telemetry).toEqual({ enabled: false, serviceName: 'commune-gateway' });
    expect(() => parseConfig(`${minimal}\ntelemetry: { enabled: true }\n`, 't.yaml')).toThrow(/telemetry\.otlpEndpoint: otlpEndpoint is required/);
    const config = parseConfig(`${minimal}\ntelemetry: { enabled: true, otlpEndpoint: "http://gw:s3cret@collector:4318" }\n`, 't.yaml');
    expect(JSON.stringify(maskedConfig(config))).not.toContain('s3cret');
  });
});
