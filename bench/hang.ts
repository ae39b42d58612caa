// The hanging-upstream scenario of `npm run bench` (alone: BENCH_ONLY=hang). The project holds the gateway to an
// answer (stale, 503 or 202) within the deadline while an upstream hangs (3 s by default; nginx's default would make
// callers wait 60 s), and within 20 ms once the breaker is open. The population simulator stops answering (it keeps
// the connection and never replies); uncached lookups of distinct citizens come in, 10 at a time until the breaker
// opens, then one every 20 ms; each answer's time and problem type are recorded.
import { getDataset, startSimulators } from '../mocks/index.ts';
import { LOOKUP_HEADERS, startLookupGateway } from './lookup-gateway.ts';

/** The gateway's default deadline of an upstream call (config `upstreams.*.deadlineMs`). */
const DEADLINE_MS = 3_000;

interface Answer {
  ms: number;
  status: number;
  /** The problem type's last part (`timeout`, `circuit-open`…), or `ok`. */
  kind: string;
}

export async function runHangScenario(write: (text: string) => void = (text) => process.stdout.write(text)): Promise<void> {
  const simulators = await startSimulators({});
  const gateway = await startLookupGateway(simulators);
  const citizens = getDataset().citizens.map((citizen) => citizen.personalId);
  let next = 0;
  const lookup = async (): Promise<Answer> => {
    const startedAt = performance.now();
    const response = await fetch(`${gateway.url}/v1/citizens/${citizens[(next += 1) % citizens.length]}`, { headers: { ...LOOKUP_HEADERS, 'cache-control': 'no-cache' } });
    const body = (await response.json()) as { type?: string };
    return { ms: performance.now() - startedAt, status: response.status, kind: body.type?.split(':').at(-1) ?? 'ok' };
  };
  try {
    await lookup(); // warm-up: token, pools
    simulators.population.faults.set({ hang: true });
    const beforeOpen: Answer[] = [];
    while (!beforeOpen.some((answer) => answer.kind === 'circuit-open') && beforeOpen.length < 100) {
      beforeOpen.push(...(await Promise.all(Array.from({ length: 10 }, lookup))));
    }
    const waited = beforeOpen.filter((answer) => answer.kind !== 'circuit-open');
    const afterOpen: Answer[] = [];
    for (let i = 0; i < 100; i += 1) {
      afterOpen.push(await lookup());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const open = afterOpen.filter((answer) => answer.kind === 'circuit-open');
    const max = (answers: Answer[]) => Math.max(...answers.map((answer) => answer.ms));
    const p99 = (answers: Answer[]) => [...answers].sort((a, b) => a.ms - b.ms)[Math.floor(0.99 * (answers.length - 1))]?.ms ?? Number.NaN;
    const kinds = (answers: Answer[]) => [...Map.groupBy(answers, (answer) => `${answer.status} ${answer.kind}`)].map(([kind, list]) => `${kind} × ${list.length}`).join(', ');
    const waitedMet = waited.length > 0 && max(waited) <= DEADLINE_MS + 250;
    const openMet = open.length === afterOpen.length && max(open) <= 20;
    write(`\nUpstream hanging (the population simulator keeps every call and never answers); uncached lookups, deadline ${DEADLINE_MS / 1000} s\n\n`);
    write(`${'Answered while the breaker was still closed'.padEnd(52)} ${String(waited.length).padEnd(6)} max ${max(waited).toFixed(0)} ms   ${kinds(waited)}   ${waitedMet ? 'MET' : 'NOT MET'} (an answer within the deadline)\n`);
    write(`${'Answered once the breaker had opened, one per 20 ms'.padEnd(52)} ${String(afterOpen.length).padEnd(6)} p99 ${p99(afterOpen).toFixed(1)} ms, max ${max(afterOpen).toFixed(1)} ms   ${kinds(afterOpen)}   ${openMet ? 'MET' : 'NOT MET'} (every answer within 20 ms)\n`);
  } finally {
    simulators.population.faults.set({});
    await gateway.stop();
    await simulators.close();
  }
}
