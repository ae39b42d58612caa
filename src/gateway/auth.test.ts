import { describe, expect, it } from 'vitest';
import type { Adapters } from '../adapters/contract.ts';
import { createApp } from './app.ts';
import { bearerToken } from './auth.ts';
import { sha256Hex } from '../keys/sha256.ts';
import { API_KEY, healthApp } from './routes/health-fixture.ts';
import type { Logger, Services, UpstreamCaller } from './services.ts';

const ADMIN_KEY = 'admin-key-0123456789abcdef';
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
const unused: UpstreamCaller = { deadlineMs: () => 1000, execute: async () => { throw new Error('unused'); } };

async function adminApp() {
  const services: Services = {
    adapters: {} as Adapters,
    upstreams: { population: unused, 'civil-status': unused, land: unused },
    clients: [],
    logger: silent, now: Date.now, newId: () => 'req-00000001', maxRequestTimeoutMs: 5000,
    admin: { keySha256: await sha256Hex(ADMIN_KEY), maintenance: { add: async () => { throw new Error('unused'); }, list: () => [] } },
  };
  return createApp(services);
}

describe('bearerToken', () => {
  it('reads the scheme in any letter case, as RFC 9110 says auth schemes are case-insensitive', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) expect(bearerToken(`${scheme} abc.def`)).toBe('abc.def');
  });

  it('finds no token without the scheme, with another scheme or with nothing after it', () => {
    for (const header of [undefined, '', 'abc', 'Basic abc', 'Bearer', 'Bearer ', 'Bearerabc']) expect(bearerToken(header)).toBeUndefined();
  });
});

describe('API keys', () => {
  it('accepts a client key sent with a lowercase or uppercase scheme', async () => {
    const { app } = await healthApp();
    for (const scheme of ['bearer', 'BEARER']) {
      expect((await app.request('/v1/incidents', { headers: { Authorization: `${scheme} ${API_KEY}` } })).status).toBe(200);
    }
  });

  it('still refuses another scheme carrying a valid key', async () => {
    const { app } = await healthApp();
    expect((await app.request('/v1/incidents', { headers: { Authorization: `Basic ${API_KEY}` } })).status).toBe(401);
  });

  it('accepts the admin key sent with a lowercase scheme', async () => {
    const app = await adminApp();
    expect((await app.request('/v1/admin/maintenance', { headers: { Authorization: `bearer ${ADMIN_KEY}` } })).status).toBe(200);
  });
});
