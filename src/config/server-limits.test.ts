import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.ts';

const upstreams = `
upstreams:
  population: { baseUrl: "http://127.0.0.1:1", clientId: a, clientSecret: s }
  civilStatus: { baseUrl: "http://127.0.0.1:2", username: u, password: p }
  land: { baseUrl: "http://127.0.0.1:3", username: u, password: p }
`;

describe('server limits in the configuration', () => {
  it('gives a province body, timeout and connection limits without setting any', () => {
    expect(parseConfig(upstreams, 'x.yaml').server).toMatchObject({
      maxBodyBytes: 16_384, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_024, maxRequestsPerSocket: 10_000,
    });
  });

  it('keeps the defaults of the keys it does not set when the server block sets one', () => {
    const server = parseConfig(`server: { port: 9000, maxConnections: 0 }\n${upstreams}`, 'x.yaml').server;
    expect(server).toMatchObject({ port: 9000, maxConnections: 0, headersTimeoutMs: 10_000, maxBodyBytes: 16_384 });
  });

  it('refuses a header timeout longer than the request timeout, naming the key', () => {
    expect(() => parseConfig(`server: { headersTimeoutMs: 40000 }\n${upstreams}`, 'x.yaml')).toThrow(/server\.headersTimeoutMs: must not exceed requestTimeoutMs/);
  });

  it('refuses a body limit too small for any request', () => {
    expect(() => parseConfig(`server: { maxBodyBytes: 10 }\n${upstreams}`, 'x.yaml')).toThrow(/server\.maxBodyBytes/);
  });
});
