import { describe, expect, it } from 'vitest';
import { createRollingCounter } from './rolling-counter.ts';

describe('rolling counter', () => {
  it('sums the buckets of the last window and drops older ones', () => {
    const counter = createRollingCounter(1000, 10);
    counter.add(0);
    counter.add(450, 2);
    counter.add(999);
    expect(counter.total(999)).toBe(4);
    expect(counter.total(1000)).toBe(3); // the bucket [0, 100) left the window
    expect(counter.total(1500)).toBe(1);
    expect(counter.total(2000)).toBe(0);
  });

  it('reuses a bucket slot for a later slice without keeping its old count', () => {
    const counter = createRollingCounter(1000, 10);
    counter.add(50, 5);
    counter.add(1050);
    expect(counter.total(1050)).toBe(1);
  });
});
