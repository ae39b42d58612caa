import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TransientError } from '../domain/errors.ts';
import { decode, parseJson, parseWire } from './payload.ts';

const site = { upstream: 'population', operation: 'tra-cuu' } as const;

describe('payload snippets and parsing', () => {
  it('classifies a body that is not JSON as transient with its snippet', () => {
    let error: unknown;
    try {
      parseJson('<html>Bad Gateway</html>', site);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ upstream: 'population', context: { operation: 'tra-cuu', payload: { chars: 24, shape: 'markup <html>' } } });
    // V8's SyntaxError quotes the body; it is not kept.
    expect((error as TransientError).cause).toBeUndefined();
  });

  it('names the failing paths of a schema mismatch, never the values', () => {
    const schema = z.object({ a: z.object({ b: z.number() }) });
    expect(() => parseWire(schema, { a: { b: 'secret' } }, '{}', site)).toThrow(
      expect.objectContaining({ context: expect.objectContaining({ issues: ['a.b: Invalid input: expected number, received string'] }) }),
    );
  });

  it('classifies a mapping failure as a malformed payload instead of crashing', () => {
    const fails = (): never => {
      throw new Error('boom');
    };
    expect(() => decode(z.string(), 'x', '"x"', site, fails)).toThrow(TransientError);
  });
});
