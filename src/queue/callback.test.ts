import { describe, expect, it } from 'vitest';
import { isAllowedCallbackUrl } from './callback.ts';

describe('callback URL allow-list', () => {
  const prefixes = ['https://xa-son-thuy.example.vn/hooks', 'http://10.0.0.5:8080/motcua/'];

  it('allows URLs under a registered prefix', () => {
    expect(isAllowedCallbackUrl('https://xa-son-thuy.example.vn/hooks', prefixes)).toBe(true);
    expect(isAllowedCallbackUrl('https://xa-son-thuy.example.vn/hooks/verifications?x=1', prefixes)).toBe(true);
    expect(isAllowedCallbackUrl('http://10.0.0.5:8080/motcua/cb', prefixes)).toBe(true);
  });

  it('refuses look-alike hosts, paths, ports, schemes and credentials', () => {
    for (const url of [
      'https://xa-son-thuy.example.vn.evil.net/hooks',
      'https://xa-son-thuy.example.vn/hooksevil',
      'https://xa-son-thuy.example.vn/other',
      'http://xa-son-thuy.example.vn/hooks',
      'http://10.0.0.5:8081/motcua/cb',
      'https://user:pw@xa-son-thuy.example.vn/hooks',
      'http://169.254.169.254/latest/meta-data',
      'file:///etc/passwd',
      'not a url',
    ]) expect(isAllowedCallbackUrl(url, prefixes), url).toBe(false);
    expect(isAllowedCallbackUrl('https://xa-son-thuy.example.vn/hooks', [])).toBe(false);
  });
});
