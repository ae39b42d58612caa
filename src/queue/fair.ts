// Fair scheduling, as a pure function: which queued tickets to take next so that a citizen waiting at a counter
// goes first and one commune's big backlog cannot starve a small commune.
import type { Candidate } from './store.ts';

/**
 * Picks up to `limit` candidate ids in two tiers: citizen-waiting tickets first, then the rest. Within a tier,
 * communes take turns (round-robin, one ticket per turn) and each commune's own tickets go oldest first.
 * The turn order starts with the commune served longest ago (`lastServed`: a growing turn number per commune;
 * never served = first), then the commune whose next ticket is oldest. The caller updates `lastServed`.
 */
export function pickFairly(
  candidates: readonly Candidate[],
  limit: number,
  lastServed: ReadonlyMap<string, number> = new Map(),
): string[] {
  const picked: string[] = [];
  for (const tier of [true, false]) {
    if (picked.length >= limit) break;
    const queues = communeQueues(candidates.filter((candidate) => candidate.citizenWaiting === tier));
    const turns = [...queues.entries()].sort(([communeA, a], [communeB, b]) =>
      (lastServed.get(communeA) ?? -Infinity) - (lastServed.get(communeB) ?? -Infinity)
      || a[0]!.createdAt - b[0]!.createdAt
      || (communeA < communeB ? -1 : 1));
    for (let round = 0; picked.length < limit; round++) {
      let tookAny = false;
      for (const [, queue] of turns) {
        const next = queue[round];
        if (!next) continue;
        picked.push(next.id);
        tookAny = true;
        if (picked.length >= limit) break;
      }
      if (!tookAny) break;
    }
  }
  return picked;
}

/** Candidates grouped by commune, each group oldest first. */
function communeQueues(candidates: readonly Candidate[]): Map<string, Candidate[]> {
  const queues = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const queue = queues.get(candidate.communeCode);
    if (queue) queue.push(candidate);
    else queues.set(candidate.communeCode, [candidate]);
  }
  for (const queue of queues.values()) queue.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  return queues;
}
