// Only the queue benchmarks: `taskset -c 1 tsx bench/queue-main.ts` (npm run bench runs them after the others).
import { runQueueBenchmarks } from './queue.ts';

await runQueueBenchmarks();
