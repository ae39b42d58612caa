import { describe, expect, it } from 'vitest';
import { createLineBatch } from './log-batch.ts';

function recordingTarget() {
  const chunks: string[] = [];
  let flushes = 0;
  return { chunks, flushes: () => flushes, write: (chunk: string) => chunks.push(chunk), flushSync: () => void (flushes += 1) };
}

function manualSchedule() {
  const queued: (() => void)[] = [];
  return { schedule: (flush: () => void) => queued.push(flush), runAll: () => queued.splice(0).forEach((flush) => flush()) };
}

describe('line batch', () => {
  it('hands the lines of one turn to the target as one chunk, in order, at the end of the turn', () => {
    const target = recordingTarget();
    const turn = manualSchedule();
    const batch = createLineBatch(target, { schedule: turn.schedule });
    batch.write('a\n');
    batch.write('b\n');
    batch.write('c\n');
    expect(target.chunks).toEqual([]);
    turn.runAll();
    expect(target.chunks).toEqual(['a\nb\nc\n']);
  });

  it('schedules one flush per turn, and a new one once a turn has flushed', () => {
    const target = recordingTarget();
    const scheduled: (() => void)[] = [];
    const batch = createLineBatch(target, { schedule: (flush) => scheduled.push(flush) });
    batch.write('a\n');
    batch.write('b\n');
    expect(scheduled).toHaveLength(1);
    scheduled[0]!();
    batch.write('c\n');
    expect(scheduled).toHaveLength(2);
    scheduled[1]!();
    expect(target.chunks).toEqual(['a\nb\n', 'c\n']);
  });

  it('sends the batch at once when it reaches the pending limit', () => {
    const target = recordingTarget();
    const turn = manualSchedule();
    const batch = createLineBatch(target, { schedule: turn.schedule, maxPendingChars: 6 });
    batch.write('abc\n');
    expect(target.chunks).toEqual([]);
    batch.write('def\n');
    expect(target.chunks).toEqual(['abc\ndef\n']);
    turn.runAll();
    expect(target.chunks).toEqual(['abc\ndef\n']);
  });

  it('flushSync hands over what is pending and flushes the target (process exit)', () => {
    const target = recordingTarget();
    const batch = createLineBatch(target, { schedule: () => {} });
    batch.write('last words\n');
    batch.flushSync();
    expect(target.chunks).toEqual(['last words\n']);
    expect(target.flushes()).toBe(1);
  });
});
