import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createAdapters } from './create-adapters.ts';
import type { UpstreamName } from '../domain/errors.ts';
import { eventLog, useMswServer } from './testing.ts';

const server = useMswServer();

describe('createAdapters', () => {
  it('builds the three adapters, each with its own fetch and the shared event listener', async () => {
    const asked: UpstreamName[] = [];
    const log = eventLog();
    const adapters = createAdapters({
      population: { baseUrl: 'http://population.test', clientId: 'id', clientSecret: 'secret' },
      civilStatus: { baseUrl: 'http://hotich.test', username: 'u', password: 'p' },
      land: { baseUrl: 'http://datdai.test', username: 'u', password: 'p' },
      fetchFor: (upstream) => {
        asked.push(upstream);
        return globalThis.fetch;
      },
      onEvent: log.onEvent,
    });
    expect([adapters.population.upstream, adapters.civilStatus.upstream, adapters.land.upstream]).toEqual(['population', 'civil-status', 'land']);
    expect(asked).toEqual(['population', 'civil-status', 'land']);
    server.use(
      http.post('http://population.test/token', () => HttpResponse.json({ access_token: 't', expires_in: 3600 })),
      http.post('http://hotich.test/hotich/api/dang-nhap', () => HttpResponse.json({ phien: 'p', hetHan: '2099-01-01T00:00:00Z' })),
    );
    await adapters.population.checkCredentials(new AbortController().signal);
    await adapters.civilStatus.checkCredentials(new AbortController().signal);
    expect(log.types()).toEqual(['token-fetched', 'login']);
  });
});
