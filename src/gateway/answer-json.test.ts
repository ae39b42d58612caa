import { describe, expect, it } from 'vitest';
import { answerBytes } from './answer-json.ts';

const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;
const meta = { source: 'population', fetchedAt: Date.UTC(2026, 10, 22, 1, 2, 3), freshness: 'cached' as const, ageSeconds: 4 };
const withoutReligion = ({ religion: _religion, ...rest }: { religion: string; fullName: string }) => rest;

describe('answer bytes', () => {
  it('are the JSON of data and meta, with fetchedAt in ISO 8601 and Vietnamese text in UTF-8', () => {
    const value = { fullName: 'NGUYỄN VĂN AN', religion: 'Không' };
    expect(decode(answerBytes(value, meta))).toEqual({ data: value, meta: { ...meta, fetchedAt: '2026-11-22T01:02:03.000Z' } });
  });

  it('are made once per cached value and meta, and again when the age or freshness changes', () => {
    const value = { fullName: 'NGUYỄN VĂN AN', religion: 'Không' };
    const first = answerBytes(value, meta);
    expect(answerBytes(value, { ...meta })).toBe(first);
    expect(answerBytes(value, { ...meta, ageSeconds: 5 })).not.toBe(first);
    const fresh = { ...meta, freshness: 'fresh' as const, ageSeconds: 0 };
    expect(answerBytes(value, fresh)).not.toBe(answerBytes(value, fresh));
    expect(decode(answerBytes(value, { ...meta, freshness: 'stale' }))).toMatchObject({ meta: { freshness: 'stale' } });
  });

  it('keep each presentation of the same value apart', () => {
    const value = { fullName: 'NGUYỄN VĂN AN', religion: 'Không' };
    expect(decode(answerBytes(value, meta, withoutReligion))).toMatchObject({ data: { fullName: 'NGUYỄN VĂN AN' } });
    expect(decode(answerBytes(value, meta, withoutReligion))).not.toHaveProperty('data.religion');
    expect(decode(answerBytes(value, meta))).toHaveProperty('data.religion', 'Không');
  });
});
