// Test only: timers driven by hand (a fake clock for the scheduler-owning parts).
import type { Timers } from '../../health/monitor.ts';

export interface ManualTimers extends Timers {
  now(): number;
  /** Moves the clock forward, firing every timer that falls due, in order. */
  advance(ms: number): void;
  pending(): number;
}

export function manualTimers(start = 0): ManualTimers {
  let clock = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => clock,
    setTimeout(callback, ms) {
      const id = ++nextId;
      timers.set(id, { at: clock + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const until = clock + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        clock = due[1].at;
        due[1].callback();
      }
      clock = until;
    },
    pending: () => timers.size,
  };
}
