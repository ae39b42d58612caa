import { describe, expect, it } from 'vitest';
import { basicAuth, joinUrl, parseRetryAfter } from './http.ts';

describe('http helpers', () => {
  it('reads Retry-After as delta-seconds', () => {
    expect(parseRetryAfter('120', 0)).toBe(120);
    expect(parseRetryAfter(' 0 ', 0)).toBe(0);
  });

  it('reads Retry-After as an HTTP-date relative to now, never negative', () => {
    const nowMs = Date.parse('2025-06-01T08:00:00Z');
    expect(parseRetryAfter('Sun, 01 Jun 2025 08:01:30 GMT', nowMs)).toBe(90);
    expect(parseRetryAfter('Sun, 01 Jun 2025 07:00:00 GMT', nowMs)).toBe(0);
  });

  it('ignores a missing or unreadable Retry-After', () => {
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter('-5', 0)).toBeUndefined();
  });

  it('encodes Basic credentials from UTF-8 bytes', () => {
    expect(basicAuth('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(basicAuth('xã', 'mật')).toBe(`Basic ${Buffer.from('xã:mật', 'utf8').toString('base64')}`);
  });

  it('keeps a base URL path prefix when appending a path', () => {
    expect(joinUrl('https://lgsp.example.vn/gw/', '/token')).toBe('https://lgsp.example.vn/gw/token');
    expect(joinUrl('http://localhost:8081', '/dat-dai/ws')).toBe('http://localhost:8081/dat-dai/ws');
  });
});
