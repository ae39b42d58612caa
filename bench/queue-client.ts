// What the queue benchmarks send and read, as a commune application would: verification POSTs with unique
// Idempotency-Keys, citizen lookups, ticket listings; plus an open-loop scheduler (sends on time, never waits
// for answers) and latency percentiles.
import { createHash } from 'node:crypto';
import type { Pool } from 'undici';
import { getDataset } from '../mocks/index.ts';

export const QUEUE_API_KEY = 'bench-queue-key-0123456789abcdef';
export const QUEUE_API_KEY_SHA256 = createHash('sha256').update(QUEUE_API_KEY).digest('hex');
const OFFICER = { 'x-officer-id': '051090001234', 'x-purpose': 'benchmark' };

export interface Subject { personalId: string; fullName: string; dateOfBirth: string; communeCode: string }

/** Living citizens of the simulators' data with a full birth date (ISO), and their commune. */
export function verifiableCitizens(): Subject[] {
  const pad = (value: number) => String(value).padStart(2, '0');
  return getDataset().citizens.flatMap((person) => {
    const { year, month, day } = person.birthDate;
    if (person.status !== 'alive' || month === undefined || day === undefined) return [];
    return [{ personalId: person.personalId, fullName: person.fullName, dateOfBirth: `${year}-${pad(month)}-${pad(day)}`, communeCode: person.permanentAddress.communeCode }];
  });
}

export interface Answer { status: number; latencyMs: number; ticketId?: string; freshness?: string }

function headers(communeCode: string): Record<string, string> {
  return { authorization: `Bearer ${QUEUE_API_KEY}`, ...OFFICER, 'x-commune-code': communeCode };
}

/** POST /v1/verifications (citizen-identity) with a fresh Idempotency-Key; status 0 when the request failed. */
export async function postVerification(pool: Pool, subject: Subject): Promise<Answer> {
  const { communeCode, ...rest } = subject;
  const startedAt = performance.now();
  try {
    const response = await pool.request({
      method: 'POST', path: '/v1/verifications',
      headers: { ...headers(communeCode), 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ type: 'citizen-identity', subject: rest }),
    });
    const body = (await response.body.json()) as { id?: string; ticket?: { id: string } };
    return { status: response.statusCode, latencyMs: performance.now() - startedAt, ticketId: body.ticket?.id ?? body.id };
  } catch {
    return { status: 0, latencyMs: performance.now() - startedAt };
  }
}

/** GET /v1/citizens/{id}; `freshness` from the answer's meta. */
export async function lookupCitizen(pool: Pool, subject: Subject): Promise<Answer> {
  const startedAt = performance.now();
  try {
    const response = await pool.request({ method: 'GET', path: `/v1/citizens/${subject.personalId}`, headers: headers(subject.communeCode) });
    const body = (await response.body.json()) as { meta?: { freshness?: string } };
    return { status: response.statusCode, latencyMs: performance.now() - startedAt, freshness: body.meta?.freshness };
  } catch {
    return { status: 0, latencyMs: performance.now() - startedAt };
  }
}

export interface TicketSummary { id: string; status: string; attempts: number; createdAt: number; endedAt: number | null }

/** A ticket's result is personal data: it is read with the officer headers, like any. */
const READER = { authorization: `Bearer ${QUEUE_API_KEY}`, ...OFFICER };

/** Every ticket with `status` visible to the bench key, through the paginated listing. */
export async function listTickets(baseUrl: string, status: string): Promise<TicketSummary[]> {
  const tickets: TicketSummary[] = [];
  let cursor: string | null = null;
  do {
    const query = `status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(`${baseUrl}/v1/verifications?${query}`, { headers: READER });
    if (!response.ok) throw new Error(`listing ${status} tickets answered ${response.status}`);
    const page = (await response.json()) as { data: { id: string; status: string; attempts: number; createdAt: string; endedAt: string | null }[]; nextCursor: string | null };
    for (const ticket of page.data) {
      tickets.push({ id: ticket.id, status: ticket.status, attempts: ticket.attempts, createdAt: Date.parse(ticket.createdAt), endedAt: ticket.endedAt === null ? null : Date.parse(ticket.endedAt) });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return tickets;
}

/** True when no ticket is queued or in progress. */
export async function queueEmpty(baseUrl: string): Promise<boolean> {
  for (const status of ['queued', 'in-progress']) {
    const response = await fetch(`${baseUrl}/v1/verifications?status=${status}&limit=1`, { headers: READER });
    if (((await response.json()) as { data: unknown[] }).data.length > 0) return false;
  }
  return true;
}

/** Polls `done` every `intervalMs` until it holds (true) or `timeoutMs` passes (false). */
export async function waitUntil(done: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await done()) return true;
    await sleep(intervalMs);
  }
  return done();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface OpenLoop { stop(): Promise<void> }

/** Calls `fire` at `ratePerSecond()` (read before each send, so it can change with the phase) until stopped. */
export function openLoop(ratePerSecond: () => number, fire: () => Promise<void>): OpenLoop {
  const pending = new Set<Promise<void>>();
  let stopped = false;
  const loop = (async () => {
    let dueAt = performance.now();
    while (!stopped) {
      const wait = dueAt - performance.now();
      if (wait > 1) await sleep(wait);
      if (stopped) break;
      const work = fire().finally(() => pending.delete(work));
      pending.add(work);
      dueAt += 1000 / ratePerSecond();
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await Promise.all([...pending]);
    },
  };
}

/** The value at quantile `q` (0-1) of `values`, in the values' unit. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
