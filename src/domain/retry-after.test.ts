import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.ts';

describe('parseRetryAfter', () => {
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
});
