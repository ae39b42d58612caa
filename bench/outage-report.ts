// Turns what the outage scenario sent and saw into the table's rows: verifications answered, tickets lost,
// duplicate upstream submissions, lookups answered, time to drain, and the upstream load while draining.
import type { SimulatorStats } from '../mocks/index.ts';
import type { OutageSettings } from './outage-scenario.ts';
import { SYNC_BUDGET_MS } from './queue-config.ts';
import { listTickets, percentile, type Answer, type TicketSummary } from './queue-client.ts';
import { verdict, type Row } from './queue-throughput.ts';
import type { UpstreamRecorder } from './upstream-recorder.ts';

export type Phase = 'A' | 'B' | 'C';
export interface Sent { kind: 'lookup' | 'verification'; phase: Phase; answer: Answer }

export interface OutageObservations {
  url: string;
  sent: Sent[];
  /** Epoch ms when the faults were cleared. */
  recoveredAt: number;
  /** Epoch ms when the queue was first seen empty after recovery, if it was within the limit. */
  drainedAt: number | undefined;
  settings: OutageSettings;
  outageVerificationsPerSecond: number;
  upstream: SimulatorStats;
  recorder: UpstreamRecorder;
  /** maYeuCau → its ticket's creation time, epoch ms (from the store). */
  ticketCreatedAt: Map<string, number>;
  /** performance.now() of each verification call reaching the upstream after recovery. */
  verifyArrivalsInRecovery: number[];
}

const PHASES: Phase[] = ['A', 'B', 'C'];

export async function outageReport(seen: OutageObservations): Promise<{ rows: Row[]; notes: string[] }> {
  const { settings, recoveredAt } = seen;
  const verifications = seen.sent.filter((each) => each.kind === 'verification');
  const lookups = seen.sent.filter((each) => each.kind === 'lookup');
  const count = (list: Sent[], test: (each: Sent) => boolean) => list.filter(test).length;

  // Tickets, as the API lists them.
  const byId = new Map<string, TicketSummary>();
  for (const status of ['completed', 'failed', 'expired', 'queued', 'in-progress']) {
    for (const ticket of await listTickets(seen.url, status)) byId.set(ticket.id, ticket);
  }
  const submitted = verifications.length;
  const mine = verifications.flatMap((each) => (each.answer.ticketId ? [byId.get(each.answer.ticketId)] : []));
  const completed = mine.filter((ticket) => ticket?.status === 'completed').length;
  const failedForGood = mine.filter((ticket) => ticket?.status === 'failed' || ticket?.status === 'expired').length;
  const lost = submitted - completed - failedForGood;
  const accepted = count(verifications, (each) => each.answer.status === 200 || each.answer.status === 202);

  // Time to drain: until every ticket created before the recovery had ended.
  const backlog = mine.filter((ticket): ticket is TicketSummary => ticket !== undefined && ticket.createdAt < recoveredAt && (ticket.endedAt === null || ticket.endedAt >= recoveredAt));
  const endings = backlog.map((ticket) => ticket.endedAt ?? Number.POSITIVE_INFINITY);
  const drainMs = backlog.length === 0 ? 0 : Math.max(...endings) - recoveredAt;
  const firstMs = backlog.length === 0 ? 0 : Math.min(...endings) - recoveredAt;

  // Upstream: submissions answered more than once, and the load while draining.
  const answeredTwice = [...seen.recorder.answered].filter(([, answers]) => answers.length > 1);
  const duplicates = answeredTwice.length;
  // How long after its POST's sync budget ran out the first answer came (negative: while the POST still waited).
  const margins = answeredTwice.map(([requestId, answers]) => answers[0]!.at - ((seen.ticketCreatedAt.get(requestId) ?? Number.NaN) + SYNC_BUDGET_MS));
  const racedDeadline = margins.filter((margin) => margin >= 0).length;
  // Over 5 s windows: arrival times are taken on the busy bench core, where a stall bunches a few together.
  const peakPerSecond = peakInWindow(seen.verifyArrivalsInRecovery, 5_000) / 5;
  const { ratePerSecond, concurrency } = settings.drain;
  const live = settings.verificationsPerSecond;
  const loadOk = seen.recorder.maxVerifyInFlight() <= concurrency + Math.ceil(live) && peakPerSecond <= ratePerSecond + live + 0.4;

  const lookups200 = count(lookups, (each) => each.answer.status === 200);
  const share = (100 * lookups200) / Math.max(1, lookups.length);
  const freshness = (kind: string) => count(lookups, (each) => each.answer.status === 200 && each.answer.freshness === kind);
  const perPhase = (list: Sent[], describe: (items: Sent[]) => string) => PHASES.map((phase) => `${phase} ${describe(list.filter((each) => each.phase === phase))}`).join(', ');
  const statuses = (items: Sent[]) => {
    const tally = new Map<number, number>();
    for (const each of items) tally.set(each.answer.status, (tally.get(each.answer.status) ?? 0) + 1);
    return [...tally].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${n}×${status || 'error'}`).join(' ');
  };

  const rows: Row[] = [
    ['Outage: verifications submitted', `${submitted}`, `${count(verifications, (each) => each.answer.status === 200)} × 200`, `${count(verifications, (each) => each.answer.status === 202)} × 202`, `${submitted - accepted} other`],
    ['Outage: tickets lost', `${lost}`, `${completed} completed`, `${failedForGood} failed for good`, verdict(lost === 0, 'submitted − completed − failed = 0')],
    ['Outage: duplicate upstream submissions', `${duplicates}`, `${racedDeadline} past the sync budget`, `${seen.upstream.duplicateRequestIds ?? '?'} ids re-sent`, verdict(duplicates === 0, '0 outside a crash window')],
    ['Outage: lookups of recent subjects, 200', `${share.toFixed(2)} %`, `of ${lookups.length}`, `p99 ${percentile(lookups.map((each) => each.answer.latencyMs), 0.99).toFixed(0)} ms`, verdict(share >= 99, '≥ 99 %')],
    ['Outage: time to drain after recovery', Number.isFinite(drainMs) ? `${(drainMs / 1000).toFixed(1)} s` : 'not drained', `${backlog.length} tickets`, `first after ${(firstMs / 1000).toFixed(1)} s`, verdict(drainMs <= 120_000, '≤ 120 s')],
    ['Outage: upstream verifications while draining', `${peakPerSecond.toFixed(1)} calls/s peak`, `${seen.recorder.maxVerifyInFlight()} max in flight`, '', verdict(loadOk, `drain ≤ ${ratePerSecond}/s, ≤ ${concurrency} in flight, + live ${live}/s`)],
  ];
  const notes = [
    `Outage scenario (compressed): A ${settings.degradedSeconds} s at 50 % errors + 2 s latency, B ${settings.outageSeconds} s down (stands for ${settings.specOutageSeconds / 60} min; BENCH_OUTAGE_SECONDS), C back until drained (limit ${settings.drainLimitSeconds} s).`,
    `Traffic throughout: ${settings.lookupsPerSecond} lookups/s over ${settings.recentSubjects} citizens looked up once before A (cache fresh ${settings.lookupFreshTtlSeconds} s instead of 300 s, so the compressed phases need refreshes and stale answers), ${live} identity verifications/s (${seen.outageVerificationsPerSecond.toFixed(0)}/s in B, so B leaves the backlog of the full outage); drain caps ${ratePerSecond}/s, ${concurrency} in flight; product defaults otherwise.`,
    `Verification answers by phase: ${perPhase(verifications, statuses)}.`,
    `Lookup answers by phase: ${perPhase(lookups, statuses)}; 200s fresh ${freshness('fresh')}, cached ${freshness('cached')}, stale ${freshness('stale')}.`,
    `Drain after recovery: the first backlog ticket ended ${(firstMs / 1000).toFixed(1)} s after the faults were cleared (breaker reset wait, product default 5 s doubling to 60 s), then ${backlog.length} in ${((drainMs - firstMs) / 1000).toFixed(1)} s (${(backlog.length / Math.max(0.001, (drainMs - firstMs) / 1000)).toFixed(1)}/s); "calls/s peak" is the busiest 5 s window of xac-thuc calls (drain and live) after recovery, held to the drain cap plus the live rate with 2 calls per window for its edges; the simulator's max in flight over the whole run, lookups included: ${seen.upstream.maxInFlight}.`,
    `Lookup p99 by phase: ${perPhase(lookups, (items) => `${percentile(items.map((each) => each.answer.latencyMs), 0.99).toFixed(0)} ms`)}.`,
    `Duplicates: maYeuCau the simulator's business logic answered more than once, seen by a recorder between the gateway and the simulator. "Past the sync budget": the first answer came after the POST's ${SYNC_BUDGET_MS} ms budget had run out (the gateway had already abandoned the call and answered 202), so the drainer replayed it with the same maYeuCau${margins.length > 0 ? ` (first answer vs the budget's end: ${margins.map((margin) => `${margin >= 0 ? '+' : ''}${margin.toFixed(0)} ms`).join(', ')})` : ''}. "ids re-sent": every maYeuCau that reached the simulator more than once, including retries after a 503 or a refusal while down.`,
    `Queue seen empty ${seen.drainedAt === undefined ? 'never within the limit' : `${((seen.drainedAt - recoveredAt) / 1000).toFixed(1)} s after recovery`}.`,
  ];
  return { rows, notes };
}

/** Most timestamps (ms) in any window of `windowMs`. */
function peakInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= windowMs) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
