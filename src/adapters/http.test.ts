import { describe, expect, it } from 'vitest';
import { basicAuth, joinUrl } from './http.ts';

describe('http helpers', () => {
  it('encodes Basic credentials from UTF-8 bytes', () => {
    expect(basicAuth('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(basicAuth('xã', 'mật')).toBe(`Basic ${Buffer.from('xã:mật', 'utf8').toString('base64')}`);
  });

  it('keeps a base URL path prefix when appending a path', () => {
    expect(joinUrl('https://lgsp.example.vn/gw/', '/token')).toBe('https://lgsp.example.vn/gw/token');
    expect(joinUrl('http://localhost:8081', '/dat-dai/ws')).toBe('http://localhost:8081/dat-dai/ws');
  });
});
