import { describe, expect, it, vi } from 'vitest';
import { healthApp } from './health-fixture.ts';

describe('GET /openapi.json', () => {
  it('generates the document once, however many requests ask for it', async () => {
    const { app } = await healthApp();
    const generate = vi.spyOn(app, 'getOpenAPI31Document');
    const first = await Promise.all(Array.from({ length: 20 }, () => app.request('/openapi.json')));
    const later = await app.request('/openapi.json');
    expect(generate).toHaveBeenCalledTimes(1);
    const bodies = await Promise.all([...first, later].map((response) => response.text()));
    expect(new Set(bodies).size).toBe(1);
  });

  it('serves every route registered after the docs route, as JSON', async () => {
    const { app } = await healthApp();
    const response = await app.request('/openapi.json');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/citizens/{personalId}', '/v1/incidents', '/v1/status']));
  });

  it('documents every status a lookup can answer with', async () => {
    const { app } = await healthApp();
    const document = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, { get: { responses: object } }> };
    for (const path of ['/v1/citizens/{personalId}', '/v1/land/parcels/{communeCode}/{mapSheet}/{parcelNumber}']) {
      expect(Object.keys(document.paths[path]!.get.responses)).toEqual(['200', '400', '401', '403', '404', '422', '429', '502', '503', '504']);
    }
  });

  it('answers a repeat from the same bytes without generating again', async () => {
    const { app } = await healthApp();
    await app.request('/openapi.json');
    const generate = vi.spyOn(app, 'getOpenAPI31Document');
    for (let i = 0; i < 200; i += 1) expect((await app.request('/openapi.json')).status).toBe(200);
    expect(generate).not.toHaveBeenCalled();
  });
});
