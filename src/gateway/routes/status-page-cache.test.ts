import { describe, expect, it, vi } from 'vitest';
import { healthApp } from './health-fixture.ts';

async function counted() {
  const fixture = await healthApp();
  await fixture.probes({ population: 'ok', 'civil-status': 'ok', land: 'ok' });
  const snapshot = vi.spyOn(fixture.registry, 'snapshot');
  const incidents = vi.spyOn(fixture.store, 'listIncidents');
  return { ...fixture, snapshot, incidents };
}

describe('GET /status rendering', () => {
  it('asks the health service once for two renders within a second for the same language and commune', async () => {
    const { app, snapshot, incidents, advance } = await counted();
    const first = await (await app.request('/status?commune=21085')).text();
    advance(999);
    const second = await (await app.request('/status?commune=21085')).text();
    expect(second).toBe(first);
    expect(snapshot).toHaveBeenCalledTimes(1);
    expect(incidents).toHaveBeenCalledTimes(1);
  });

  it('renders again once the second has passed', async () => {
    const { app, snapshot, advance } = await counted();
    await app.request('/status');
    advance(1_000);
    await app.request('/status');
    expect(snapshot).toHaveBeenCalledTimes(2);
  });

  it('renders each language, commune and fragment on its own', async () => {
    const { app, snapshot } = await counted();
    for (const query of ['', '?lang=en', '?commune=21085', '?commune=21088', '?fragment=1', '?lang=en&commune=21085']) {
      await app.request(`/status${query}`);
    }
    expect(snapshot).toHaveBeenCalledTimes(6);
    const english = await (await app.request('/status?lang=en')).text();
    expect(english).toContain('<html lang="en">');
    expect(snapshot).toHaveBeenCalledTimes(6);
  });

  it('shares one render among concurrent requests', async () => {
    const { app, snapshot } = await counted();
    const responses = await Promise.all(Array.from({ length: 50 }, () => app.request('/status')));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(snapshot).toHaveBeenCalledTimes(1);
  });
});
