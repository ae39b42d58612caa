// For bench:profile: what one load phase looked like from inside the gateway process, read over the inspector.
// The time each request spent in the gateway (HTTP request start to response finish), the part of it spent
// waiting for the upstream's headers, and the gateway's GC pauses: this tells a tail measured outside apart
// into the gateway's own work, its collector, and the hop to the upstream.
import type { Inspector } from './inspector.ts';

/** Runs in the gateway: node:diagnostics_channel and a PerformanceObserver for 'gc', collecting into globalThis. */
const INSTALL = `(() => {
  const dc = process.getBuiltinModule('node:diagnostics_channel');
  const { PerformanceObserver } = process.getBuiltinModule('node:perf_hooks');
  const probe = (globalThis.__benchProbe = { inside: [], upstream: [], gc: [] });
  const started = new WeakMap();
  const since = (key) => performance.now() - started.get(key);
  probe.subscriptions = [
    ['http.server.request.start', ({ request }) => started.set(request, performance.now())],
    ['http.server.response.finish', ({ request }) => started.has(request) && probe.inside.push(since(request))],
    ['undici:request:create', ({ request }) => started.set(request, performance.now())],
    ['undici:request:headers', ({ request }) => started.has(request) && probe.upstream.push(since(request))],
  ];
  for (const [name, listener] of probe.subscriptions) dc.subscribe(name, listener);
  probe.observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => probe.gc.push([entry.detail.kind, entry.duration])));
  probe.observer.observe({ entryTypes: ['gc'] });
})()`;

const COLLECT = `(() => {
  const probe = globalThis.__benchProbe;
  const dc = process.getBuiltinModule('node:diagnostics_channel');
  for (const [name, listener] of probe.subscriptions) dc.unsubscribe(name, listener);
  probe.observer.disconnect();
  delete globalThis.__benchProbe;
  return JSON.stringify({ inside: probe.inside, upstream: probe.upstream, gc: probe.gc });
})()`;

/** perf_hooks' gc kinds (NODE_PERFORMANCE_GC_*). */
const GC_KINDS: Record<number, string> = { 1: 'young (scavenge)', 2: 'full (mark-compact)', 4: 'incremental marking', 8: 'weak callbacks' };

/** Measures `phase` from inside the gateway and prints the report. */
export async function reportInsideTiming(inspector: Inspector, phase: () => Promise<unknown>, seconds: number): Promise<void> {
  const evaluate = async (expression: string) =>
    (await inspector.send<{ result: { value: unknown } }>('Runtime.evaluate', { expression, returnByValue: true })).result.value;
  await evaluate(INSTALL);
  await phase();
  const { inside, upstream, gc } = JSON.parse((await evaluate(COLLECT)) as string) as { inside: number[]; upstream: number[]; gc: [number, number][] };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out('\nInside the gateway (ms)');
  out(`  request start to response finish   ${spread(inside)}`);
  out(`  of which upstream, until headers    ${spread(upstream)}`);
  const byKind = Map.groupBy(gc, ([kind]) => kind);
  for (const [kind, pauses] of byKind) {
    const durations = pauses.map(([, duration]) => duration);
    out(`  GC ${(GC_KINDS[kind] ?? String(kind)).padEnd(32)} ${(durations.length / seconds).toFixed(1)}/s, ${spread(durations)}`);
  }
}

function spread(values: number[]): string {
  if (values.length === 0) return 'none';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return `n ${sorted.length}, p50 ${at(0.5)}, p99 ${at(0.99)}, max ${at(1)}`;
}
