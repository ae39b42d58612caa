import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.ts';
import type { Logger } from '../gateway/services.ts';
import type { Ticket } from '../queue/types.ts';
import { startAuditLog } from '../services/audit-log.ts';
import { auditKeys, openAuditStore } from './audit-log.ts';

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };

describe('the audit runtime', () => {
  it('records a drained verification step as a row with the ticket’s officer, purpose and subject reference', async () => {
    const config = parseConfig(readFileSync('config/demo.yaml', 'utf8'), 'config/demo.yaml');
    config.queue.databasePath = join(mkdtempSync(join(tmpdir(), 'audit-runtime-')), 'gateway.sqlite');
    config.audit.subjectKey = 'k';
    const audit = startAuditLog({ config, keys: auditKeys(config, {}, 'test'), logger: silent, now: Date.now, store: openAuditStore(config) });
    const ticket = {
      id: 't-1', client: 'xa-son-thuy', type: 'citizen-identity', upstream: 'population', communeCode: '21085', officerId: '051090001234',
      purpose: 'dang-ky-khai-sinh', caseId: 'HS-1', requestId: 'req-1', subject: { personalId: '051190000123' },
    } as unknown as Ticket;
    let looked = Promise.resolve<Ticket | undefined>(undefined);
    const find = (id: string) => (looked = Promise.resolve(id === 't-1' ? ticket : undefined));
    audit.onQueueEvent({ type: 'ticket-ended', upstream: 'population', ticketId: 't-1', communeCode: '21085', status: 'completed', code: null, attempts: 2, waitedMs: 10, at: 5 }, find);
    await looked;
    audit.onQueueEvent({ type: 'ticket-queued', upstream: 'population', ticketId: 't-1', communeCode: '21085', at: 6 }, find);
    await audit.writer.flush();
    const rows = await audit.store.page(0, 10);
    expect(rows).toEqual([expect.objectContaining({
      at: 5, operation: 'verification.citizen-identity.replay', outcome: 'completed', caseId: 'HS-1', requestId: 'req-1', subjectRef: expect.stringMatching(/^[0-9a-f]{64}$/),
    })]);
    await audit.close();
  });
});
