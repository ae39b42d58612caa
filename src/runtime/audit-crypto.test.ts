import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Chain } from './audit-crypto.ts';

/** The chain's definition, written the plain way: what a verifier outside the gateway would compute. */
const reference = (previousHashHex: string, canonical: string) =>
  createHash('sha256').update(Buffer.from(previousHashHex, 'hex')).update(canonical, 'utf8').digest('hex');

describe('sha256Chain', () => {
  const previous = 'ab'.repeat(32);

  it('hashes the previous hash as raw bytes, then the row as UTF-8', () => {
    for (const canonical of ['[1,1700000000000,"xa-a"]', '[2,"Mục đích: cấp giấy khai sinh cho Nguyễn Văn Ánh"]', '[]']) {
      expect(sha256Chain(previous, canonical)).toBe(reference(previous, canonical));
    }
  });

  it('gives each row its own bytes whatever the row before it was, long or short', () => {
    const long = JSON.stringify(['ệ'.repeat(3_000)]);
    const short = '[3]';
    expect(sha256Chain(previous, long)).toBe(reference(previous, long));
    expect(sha256Chain(previous, short)).toBe(reference(previous, short));
    expect(sha256Chain('0'.repeat(64), long)).toBe(reference('0'.repeat(64), long));
  });
});
