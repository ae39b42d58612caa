// Batches audit events off the request path: `record` only pushes to a buffer; one transaction per flush
// (every flushIntervalMs, or at once when maxBatchRows are waiting) pseudonymises, links and appends them,
// then signs a checkpoint when one is due.
//
// Crash window: a call is answered before its row is committed. A crash of the process loses at most the rows
// of one flush interval (20 ms by default) from the chain; the request's access-log line carries the same record
// (masked) as a second witness. A graceful stop (close) flushes first. A failed write keeps the rows and retries.
import { checkpointDue, checkpointMessage, type CheckpointSigner } from './checkpoint.ts';
import type { Pseudonyms } from './pseudonyms.ts';
import type { AuditEvent, AuditRowInput } from './record.ts';
import type { AuditLogStore } from './store.ts';

export interface AuditWriterOptions {
  store: AuditLogStore;
  pseudonyms: Pseudonyms;
  /** Absent = no signing key configured: the chain still links every row, but no checkpoints are signed. */
  signer?: CheckpointSigner | undefined;
  /** Longest a recorded event waits for its transaction, ms. */
  flushIntervalMs: number;
  /**
   * False: no timer and no flush started by `record`; the owner calls `flush` (on workerd, after each request
   * through waitUntil, since a timer or a write begun in one request may not outlive it). Default true.
   */
  autoFlush?: boolean;
  /** Events that trigger a flush without waiting for the interval. */
  maxBatchRows: number;
  /** Rows kept while the store refuses writes; beyond it the oldest are dropped (and reported). */
  maxBufferedRows: number;
  checkpointEveryRows: number;
  checkpointEveryMs: number;
  now: () => number;
  onError: (error: unknown, details: { buffered: number; dropped: number }) => void;
}

export interface AuditWriter {
  /** Takes the event for the next flush; never throws, never waits. */
  record(event: AuditEvent): void;
  /** Writes everything recorded so far. */
  flush(): Promise<void>;
  /** Flushes and stops the timer; later records are written by a final flush only if flush is called again. */
  close(): Promise<void>;
}

export function createAuditWriter(options: AuditWriterOptions): AuditWriter {
  const { store, pseudonyms, signer, now } = options;
  let buffer: AuditEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let lastCheckpoint: { seq: number; at: number } | undefined;
  let closed = false;

  const toRow = (event: AuditEvent): AuditRowInput => ({
    at: event.at, client: event.client, communeCode: event.communeCode, officerRef: pseudonyms.officer(event.officerId),
    purpose: event.purpose, caseId: event.caseId ?? null, operation: event.operation, subjectRef: pseudonyms.subject(event.subject),
    outcome: event.outcome, freshness: event.freshness ?? null, requestId: event.requestId,
  });

  async function writeOnce(): Promise<void> {
    const batch = buffer;
    buffer = [];
    if (batch.length === 0) return;
    try {
      const head = await store.append(batch.map(toRow));
      if (signer && checkpointDue(lastCheckpoint, head, now(), { everyRows: options.checkpointEveryRows, everyMs: options.checkpointEveryMs })) {
        const at = now();
        await store.addCheckpoint({ seq: head.seq, hash: head.hash, at, keyId: signer.keyId, signature: signer.sign(checkpointMessage(head.seq, head.hash, at)) });
        lastCheckpoint = { seq: head.seq, at };
      }
    } catch (error) {
      // Keep the rows for the next flush, newest last; bounded so a dead store cannot exhaust memory.
      buffer = [...batch, ...buffer];
      const dropped = Math.max(0, buffer.length - options.maxBufferedRows);
      if (dropped > 0) buffer = buffer.slice(dropped);
      options.onError(error, { buffered: buffer.length, dropped });
    }
  }

  function flush(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    // One write at a time; a flush asked for during a write runs after it.
    running = (running ?? Promise.resolve()).then(writeOnce);
    const current = running;
    return current.finally(() => {
      if (running === current) running = undefined;
    });
  }

  return {
    record(event) {
      buffer.push(event);
      if (options.autoFlush === false) return;
      if (buffer.length >= options.maxBatchRows) void flush();
      else if (timer === undefined && !closed) timer = setTimeout(() => void flush(), options.flushIntervalMs);
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
  };
}
