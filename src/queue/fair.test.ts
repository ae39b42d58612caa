import { describe, expect, it } from 'vitest';
import { pickFairly } from './fair.ts';
import type { Candidate } from './store.ts';

const c = (id: string, communeCode: string, createdAt: number, citizenWaiting = false): Candidate => ({ id, communeCode, createdAt, citizenWaiting });

describe('pickFairly', () => {
  it('takes one ticket per commune per turn, oldest head first', () => {
    const candidates = [c('a1', 'A', 1), c('a2', 'A', 2), c('a3', 'A', 3), c('b1', 'B', 10), c('c1', 'C', 5)];
    expect(pickFairly(candidates, 5)).toEqual(['a1', 'c1', 'b1', 'a2', 'a3']);
  });

  it('keeps each commune oldest first whatever order the candidates come in', () => {
    expect(pickFairly([c('a3', 'A', 3), c('a1', 'A', 1), c('a2', 'A', 2)], 2)).toEqual(['a1', 'a2']);
  });

  it('does not let a big backlog starve a commune that was served less recently', () => {
    const big = Array.from({ length: 50 }, (_, i) => c(`a${i}`, 'A', i));
    const small = [c('b0', 'B', 1_000)];
    expect(pickFairly([...big, ...small], 1, new Map([['A', 7]]))).toEqual(['b0']);
    expect(pickFairly([...big, ...small], 1, new Map([['A', 7], ['B', 8]]))).toEqual(['a0']);
  });

  it('serves citizen-waiting tickets of every commune before any other ticket', () => {
    const candidates = [c('a1', 'A', 1), c('a2', 'A', 2, true), c('b1', 'B', 3), c('b2', 'B', 4, true), c('c1', 'C', 0)];
    expect(pickFairly(candidates, 3)).toEqual(['a2', 'b2', 'c1']);
  });

  it('returns nothing for no candidates or no room, and never more than there are', () => {
    expect(pickFairly([], 5)).toEqual([]);
    expect(pickFairly([c('a1', 'A', 1)], 0)).toEqual([]);
    expect(pickFairly([c('a1', 'A', 1)], 5)).toEqual(['a1']);
  });
});
