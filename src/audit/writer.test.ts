import { afterEach, describe, expect, it, vi } from 'vitest';
import { ed25519Signer, hmacPseudonyms, newEd25519Key, sha256Chain } from '../runtime/audit-crypto.ts';
import { createMemoryAuditLog } from '../store/memory-audit-log.ts';
import type { AuditEvent } from './record.ts';
import { verifyAuditLog } from './verify.ts';
import { createAuditWriter, type AuditWriterOptions } from './writer.ts';

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);
const event = (index: number): AuditEvent => ({
  at: T0 + index, client: 'xa-son-thuy', communeCode: '21085', officerId: '051090001234', purpose: 'dang-ky-khai-sinh', caseId: undefined,
  operation: 'lookupCitizen', subject: ['051190000123'], outcome: 'answered', freshness: 'cached', requestId: `req-${index}`,
});

function setUp(overrides: Partial<AuditWriterOptions> = {}) {
  const store = createMemoryAuditLog(sha256Chain);
  const append = vi.spyOn(store, 'append');
  const errors: unknown[] = [];
  const writer = createAuditWriter({
    store, pseudonyms: hmacPseudonyms('key'), flushIntervalMs: 20, maxBatchRows: 100, maxBufferedRows: 1_000,
    checkpointEveryRows: 10, checkpointEveryMs: 3_600_000, now: () => T0, onError: (error) => errors.push(error), ...overrides,
  });
  return { store, append, writer, errors };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the audit writer', () => {
  it('writes the events of one interval in one transaction, after the interval, not during the request', async () => {
    vi.useFakeTimers();
    const { store, append, writer } = setUp();
    for (let index = 1; index <= 5; index += 1) writer.record(event(index));
    expect(append).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(append).toHaveBeenCalledTimes(1);
    expect(store.rows.map((row) => row.requestId)).toEqual(['req-1', 'req-2', 'req-3', 'req-4', 'req-5']);
  });

  it('stores keyed references instead of the subject and officer IDs', async () => {
    const { store, writer } = setUp();
    writer.record(event(1));
    await writer.flush();
    const [row] = store.rows;
    expect(row).toMatchObject({ subjectRef: hmacPseudonyms('key').subject(['051190000123']), officerRef: hmacPseudonyms('key').officer('051090001234'), freshness: 'cached', caseId: null });
    expect(JSON.stringify(store.rows)).not.toMatch(/051190000123|051090001234/);
  });

  it('flushes at once when a full batch is waiting', async () => {
    const { append, writer } = setUp({ maxBatchRows: 3, flushIntervalMs: 60_000 });
    for (let index = 1; index <= 3; index += 1) writer.record(event(index));
    await writer.close();
    expect(append).toHaveBeenCalledTimes(1);
  });

  it('keeps the rows of a failed write and writes them, in order, with the next flush', async () => {
    const { store, append, writer, errors } = setUp();
    append.mockRejectedValueOnce(new Error('database is locked'));
    writer.record(event(1));
    await writer.flush();
    expect(errors).toHaveLength(1);
    writer.record(event(2));
    await writer.flush();
    expect(store.rows.map((row) => row.requestId)).toEqual(['req-1', 'req-2']);
  });

  it('signs a checkpoint when enough rows were written, which verification then checks', async () => {
    const signer = ed25519Signer(newEd25519Key().privateKeyBase64);
    const { store, writer } = setUp({ signer, checkpointEveryRows: 4 });
    for (let index = 1; index <= 3; index += 1) writer.record(event(index));
    await writer.flush();
    for (let index = 4; index <= 7; index += 1) writer.record(event(index));
    await writer.flush();
    expect((await store.checkpoints()).map((checkpoint) => checkpoint.seq)).toEqual([3, 7]);
    expect(await verifyAuditLog(store, { hasher: sha256Chain, signer })).toMatchObject({ ok: true, rows: 7, checkpointsVerified: 2 });
  });

  it('writes nothing and signs nothing without a key when nothing was recorded', async () => {
    const { store, append, writer } = setUp();
    await writer.close();
    expect(append).not.toHaveBeenCalled();
    expect(await store.checkpoints()).toEqual([]);
  });
});
