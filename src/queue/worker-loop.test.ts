import { describe, expect, it } from 'vitest';
import { createWorkerLoop } from './worker-loop.ts';

/** A sleep that never ends by itself: only a wake (abort) ends it, so the test controls every step. */
function manualSleep() {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
      waits.push(ms);
      signal.addEventListener('abort', () => resolve(), { once: true });
    }),
  };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('worker loop', () => {
  it('ticks, waits what the tick asks, and ticks again when woken', async () => {
    const { waits, sleep } = manualSleep();
    let ticks = 0;
    const loop = createWorkerLoop({ tick: async () => { ticks += 1; return 250; }, sleep, onError: () => {}, errorWaitMs: 1_000 });
    loop.start();
    await settled();
    expect([ticks, waits]).toEqual([1, [250]]);
    loop.wake();
    await settled();
    expect(ticks).toBe(2);
    await loop.stop();
  });

  it('looks again as soon as a tracked job finishes, and settles only when all have', async () => {
    const { sleep } = manualSleep();
    let ticks = 0;
    let finish = () => {};
    const loop = createWorkerLoop({ tick: async () => { ticks += 1; return 1_000; }, sleep, onError: () => {}, errorWaitMs: 1_000 });
    loop.track(new Promise<void>((resolve) => { finish = resolve; }));
    loop.start();
    await settled();
    expect([ticks, loop.running]).toEqual([1, 1]);
    let isSettled = false;
    void loop.settle().then(() => { isSettled = true; });
    finish();
    await settled();
    expect([ticks, loop.running, isSettled]).toEqual([2, 0, true]);
    await loop.stop();
  });

  it('reports a failing tick and waits the error pause before the next', async () => {
    const { waits, sleep } = manualSleep();
    const errors: unknown[] = [];
    const loop = createWorkerLoop({ tick: async () => { throw new Error('store gone'); }, sleep, onError: (error) => errors.push(error), errorWaitMs: 5_000 });
    loop.start();
    await settled();
    expect(errors).toHaveLength(1);
    expect(waits).toEqual([5_000]);
    await loop.stop();
  });
});
