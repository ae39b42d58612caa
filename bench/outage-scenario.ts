// Queue benchmark 3, the peak-hour outage scenario on a compressed timeline: steady lookups of recently seen
// citizens and identity verifications while the population system degrades (phase A: 50 % errors, 2 s latency),
// goes down (phase B), and comes back (phase C, until the queue is drained). The gateway calls the simulator
// through a recorder that counts how often each maYeuCau was answered upstream.
import { DatabaseSync } from 'node:sqlite';
import { Pool } from 'undici';
import { getDataset, startSimulators } from '../mocks/index.ts';
import { startGatewayChild } from './gateway-child.ts';
import { outageReport, type Phase, type Sent } from './outage-report.ts';
import { databasePathIn, queueGatewayConfig } from './queue-config.ts';
import { lookupCitizen, openLoop, postVerification, queueEmpty, sleep, verifiableCitizens, waitUntil } from './queue-client.ts';
import type { Row } from './queue-throughput.ts';
import { startUpstreamRecorder } from './upstream-recorder.ts';

export interface OutageSettings {
  degradedSeconds: number;
  outageSeconds: number;
  /** Length of the outage the scenario stands for (the spec's 10 minutes), s. */
  specOutageSeconds: number;
  lookupsPerSecond: number;
  verificationsPerSecond: number;
  recentSubjects: number;
  lookupFreshTtlSeconds: number;
  drain: { ratePerSecond: number; concurrency: number };
  drainLimitSeconds: number;
}

export async function runOutageScenario(settings: OutageSettings): Promise<{ rows: Row[]; notes: string[] }> {
  const simulators = await startSimulators({});
  const population = simulators.population;
  const recorder = await startUpstreamRecorder(population.url);
  const probeId = getDataset().sample.citizens[0]!;
  const citizens = verifiableCitizens().filter((citizen) => citizen.personalId !== probeId);
  const step = Math.max(1, Math.floor(citizens.length / settings.recentSubjects));
  const recent = citizens.filter((_, index) => index % step === 0).slice(0, settings.recentSubjects);
  // Phase B is shorter than the outage it stands for: verifications arrive faster so that it leaves the backlog
  // the full outage would.
  const outageVerificationsPerSecond = settings.verificationsPerSecond * (settings.specOutageSeconds / settings.outageSeconds);
  const config = queueGatewayConfig({
    simulators, populationUrl: recorder.url, drain: settings.drain, lookupFreshTtlSeconds: settings.lookupFreshTtlSeconds, probePersonalId: probeId,
  });
  let gateway: Awaited<ReturnType<typeof startGatewayChild>> | undefined;
  let pool: Pool | undefined;
  try {
    gateway = await startGatewayChild(config);
    pool = new Pool(gateway.url, { connections: 512 });
    const client = pool;
    // "Recently seen": each looked up once, a few at a time (within the upstream bulkhead), before phase A.
    const primed: number[] = [];
    for (let index = 0; index < recent.length; index += 16) {
      const batch = recent.slice(index, index + 16).map((subject) => lookupCitizen(client, subject));
      primed.push(...(await Promise.all(batch)).map((answer) => answer.status));
    }
    const unprimed = primed.filter((status) => status !== 200);
    if (unprimed.length > 0) throw new Error(`priming the cache failed: statuses ${[...new Set(unprimed)].join(', ')}`);

    let phase: Phase = 'A';
    const sent: Sent[] = [];
    let nextLookup = 0;
    let nextVerification = 0;
    const lookups = openLoop(() => settings.lookupsPerSecond, async () => {
      const at = phase;
      const answer = await lookupCitizen(client, recent[(nextLookup += 1) % recent.length]!);
      sent.push({ kind: 'lookup', phase: at, answer });
    });
    const verifications = openLoop(() => (phase === 'B' ? outageVerificationsPerSecond : settings.verificationsPerSecond), async () => {
      const at = phase;
      const answer = await postVerification(client, citizens[(nextVerification += 7) % citizens.length]!);
      sent.push({ kind: 'verification', phase: at, answer });
    });

    let recoveredAt = 0;
    let drainedAt: number | undefined;
    const recoveredIndex = { arrivals: 0 };
    try {
      population.faults.set({ errorRate: 0.5, latencyMs: 2_000 });
      await sleep(settings.degradedSeconds * 1000);
      phase = 'B';
      population.faults.clear();
      population.faults.set({ down: true });
      await sleep(settings.outageSeconds * 1000);
      phase = 'C';
      recoveredAt = Date.now();
      population.faults.clear();
      recorder.resetMaxInFlight();
      recoveredIndex.arrivals = recorder.verifyArrivals.length;
      if (await waitUntil(() => queueEmpty(gateway!.url), settings.drainLimitSeconds * 1000)) drainedAt = Date.now();
    } finally {
      await Promise.all([lookups.stop(), verifications.stop()]);
    }
    // Posts answered after the drain was seen may have queued a ticket or two (breaker half-open): let them end.
    await waitUntil(() => queueEmpty(gateway!.url), 30_000);

    const report = await outageReport({
      url: gateway.url, sent, recoveredAt, drainedAt, settings, outageVerificationsPerSecond,
      upstream: population.stats(), recorder, ticketCreatedAt: ticketCreationTimes(databasePathIn(gateway.folder)), verifyArrivalsInRecovery: recorder.verifyArrivals.slice(recoveredIndex.arrivals),
    });
    return report;
  } finally {
    await pool?.close();
    await gateway?.stop();
    await recorder.close();
    await simulators.close();
  }
}

/**
 * maYeuCau → when its ticket was created (epoch ms). The maYeuCau never leaves the gateway through the API, so
 * this is the bench's one look inside the store (read-only; WAL lets it read beside the running gateway).
 */
function ticketCreationTimes(databasePath: string): Map<string, number> {
  const db = new DatabaseSync(databasePath, { readOnly: true });
  try {
    return new Map(db.prepare('SELECT request_id, created_at FROM tickets').all().map((row) => [String(row['request_id']), Number(row['created_at'])]));
  } finally {
    db.close();
  }
}
