// The polling loop every background worker shares (drainer, callback deliverer, alert deliverer): run `tick`,
// sleep for what it asks or until woken, track the jobs it starts, stop cleanly.

export interface WorkerLoopOptions {
  /** One step; resolves with how long to wait before the next, in ms. */
  tick: () => Promise<number>;
  /** Waits `ms`; rejects or resolves early when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A step that threw; the loop goes on after `errorWaitMs`. */
  onError: (error: unknown) => void;
  errorWaitMs: number;
}

/** What a worker built on the loop offers its owner (the drainer and both deliverers). */
export interface Worker {
  /** One step; resolves with ms until another step is useful. */
  tick(): Promise<number>;
  /** Resolves when every job started so far has ended (tests). */
  settle(): Promise<void>;
  /** Runs `tick` in a loop until `stop`. */
  start(): void;
  /** Cuts the current wait short (work arrived). */
  wake(): void;
  /** Stops the loop and waits for jobs in flight to end. */
  stop(): Promise<void>;
}

export interface WorkerLoop {
  /** Jobs started by ticks and not finished yet. */
  readonly running: number;
  /** Tracks a job; when it ends the loop looks again at once (a slot is free). */
  track(job: Promise<void>): void;
  start(): void;
  /** Looks again now instead of at the end of the current wait. */
  wake(): void;
  /** Ends the loop after the current step (jobs keep running; see `settle`). */
  stop(): Promise<void>;
  /** Resolves when every tracked job has finished. */
  settle(): Promise<void>;
}

export function createWorkerLoop(options: WorkerLoopOptions): WorkerLoop {
  const jobs = new Set<Promise<void>>();
  let loop: Promise<void> | undefined;
  let stopped = false;
  let wakeUp = new AbortController();

  async function run(): Promise<void> {
    while (!stopped) {
      let waitMs = 0;
      try {
        waitMs = await options.tick();
      } catch (error) {
        options.onError(error);
        waitMs = options.errorWaitMs;
      }
      if (stopped) break;
      if (!wakeUp.signal.aborted) await options.sleep(waitMs, wakeUp.signal).catch(() => undefined);
      // Something happened during the step or the wait (a slot freed, work arrived): look again at once.
      if (wakeUp.signal.aborted) wakeUp = new AbortController();
    }
  }

  return {
    get running() {
      return jobs.size;
    },
    track(job) {
      const tracked: Promise<void> = job.finally(() => {
        jobs.delete(tracked);
        wakeUp.abort();
      });
      jobs.add(tracked);
    },
    start() {
      loop ??= run();
    },
    wake() {
      wakeUp.abort();
    },
    async stop() {
      stopped = true;
      wakeUp.abort();
      await loop;
    },
    async settle() {
      while (jobs.size > 0) await Promise.all([...jobs]);
    },
  };
}

/**
 * The Worker a loop offers its owner. `stop` ends the loop, then runs `afterStop` (e.g. handing back claimed work
 * it will not start), then waits for the jobs in flight.
 */
export function workerOf(loop: WorkerLoop, tick: () => Promise<number>, afterStop?: () => Promise<void>): Worker {
  return {
    tick,
    settle: () => loop.settle(),
    start: () => loop.start(),
    wake: () => loop.wake(),
    async stop() {
      await loop.stop();
      await afterStop?.();
      await loop.settle();
    },
  };
}
