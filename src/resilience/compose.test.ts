import { describe, expect, it } from 'vitest';
import { compose } from './compose.ts';
import { makeContext } from './testing.ts';
import type { Handler, Policy } from './types.ts';

const tracing = (name: string, trace: string[]): Policy =>
  function traced<T>(next: Handler<T>): Handler<T> {
    return async (ctx) => {
      trace.push(`>${name}`);
      const value = await next(ctx);
      trace.push(`<${name}`);
      return value;
    };
  };

describe('compose', () => {
  it('runs the first policy outermost and the operation last', async () => {
    const trace: string[] = [];
    const handler = compose(tracing('a', trace), tracing('b', trace))(async () => {
      trace.push('fn');
      return 42;
    });
    await expect(handler(makeContext())).resolves.toBe(42);
    expect(trace).toEqual(['>a', '>b', 'fn', '<b', '<a']);
  });

  it('with no policies is the operation itself', async () => {
    const fn = async () => 'x';
    expect(compose()(fn)).toBe(fn);
  });
});
