import { describe, expect, it } from 'vitest';
import type { FetchLike, UpstreamResponse } from './contract.ts';
import { basicAuth, joinUrl, send, statusError } from './http.ts';

const site = { upstream: 'population', operation: 'verifyIdentity' } as const;

describe('http helpers', () => {
  it('encodes Basic credentials from UTF-8 bytes', () => {
    expect(basicAuth('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(basicAuth('xã', 'mật')).toBe(`Basic ${Buffer.from('xã:mật', 'utf8').toString('base64')}`);
  });

  it('keeps a base URL path prefix when appending a path', () => {
    expect(joinUrl('https://lgsp.example.vn/gw/', '/token')).toBe('https://lgsp.example.vn/gw/token');
    expect(joinUrl('http://localhost:8081', '/dat-dai/ws')).toBe('http://localhost:8081/dat-dai/ws');
  });

  it('says a 503 or 429 was not performed upstream, and leaves a 502 or 504 (perhaps performed behind a proxy) unknown', () => {
    const answer = (status: number) => ({ status, headers: new Headers() }) as unknown as UpstreamResponse;
    expect([503, 429, 502, 504, 500].map((status) => statusError(answer(status), site, 0).notPerformed)).toEqual([true, true, false, false, false]);
  });

  it('says a refused connection was not performed upstream, and a reset after sending is unknown', async () => {
    const failing = (code: string): FetchLike => async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
    };
    const init = { method: 'POST' as const, headers: {}, signal: new AbortController().signal };
    await expect(send(failing('ECONNREFUSED'), 'http://upstream', init, site)).rejects.toMatchObject({ code: 'transient', notPerformed: true });
    await expect(send(failing('UND_ERR_SOCKET'), 'http://upstream', init, site)).rejects.toMatchObject({ code: 'transient', notPerformed: false });
  });
});
