import { describe, expect, it } from 'vitest';
import type { Adapters } from '../../adapters/contract.ts';
import type { AuditEvent } from '../../audit/record.ts';
import { NotFoundError, TransientError } from '../../domain/errors.ts';
import type { Performer } from '../../queue/perform.ts';
import { createVerificationService } from '../../queue/service.ts';
import { createMemoryTicketStore } from '../../store/memory-ticket-store.ts';
import { createApp } from '../app.ts';
import { sha256Hex } from '../../keys/sha256.ts';
import type { Logger, Services, UpstreamCaller } from '../services.ts';

const KEY = 'key-xa-son-thuy-0001';
const OTHER_KEY = 'key-xa-khac-00000001';
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
const unused: UpstreamCaller = { deadlineMs: () => 3000, execute: async () => { throw new Error('unused'); } };
const match = { match: true, fields: { fullName: true, dateOfBirth: true } };

async function appWith(perform: Performer, options: { now?: () => number; expiresInMs?: number; maxOpenTicketsPerClient?: number } = {}) {
  let n = 0;
  const now = options.now ?? (() => Date.UTC(2026, 2, 2, 2));
  const store = createMemoryTicketStore();
  const verifications = createVerificationService({
    store, perform, isOpen: () => false, retry: { backoff: { baseMs: 1_000, maxMs: 10_000 }, maxAttempts: 5, notAttemptedDelayMs: 500 },
    maxOpenTicketsPerClient: options.maxOpenTicketsPerClient, retention: { resultsDays: 7, outcomeDays: 30 },
    expiresAt: (at) => at + (options.expiresInMs ?? 86_400_000), now, newId: () => `id-${++n}`, random: () => 0.5,
  });
  const audited: AuditEvent[] = [];
  const services: Services = {
    auditLog: { record: (event) => void audited.push(event) },
    adapters: {} as Adapters,
    upstreams: { population: unused, 'civil-status': unused, land: unused },
    clients: [
      { name: 'Xã Sơn Thủy', keySha256: await sha256Hex(KEY), communes: ['21085'], mayReadReligion: false, callbackUrlPrefixes: ['https://xa-son-thuy.example.vn/hooks'] },
      { name: 'Xã Khác', keySha256: await sha256Hex(OTHER_KEY), communes: ['21088'], mayReadReligion: false },
    ],
    logger: silent, now, newId: () => 'req-00000001', maxRequestTimeoutMs: 5000, verifications,
  };
  const app = createApp(services);
  const post = (body: unknown, headers: Record<string, string> = {}) => app.request('/v1/verifications', {
    method: 'POST',
    headers: { Authorization: `Bearer ${KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-ket-hon', 'Idempotency-Key': 'k-1', 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const get = (path: string, key = KEY) => app.request(path, { headers: { Authorization: `Bearer ${key}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-ket-hon' } });
  return { app, store, post, get, audited };
}

const identity = { type: 'citizen-identity', subject: { personalId: '051190000123', fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1990-03-15' } };
const down: Performer = async () => { throw new TransientError('503', { upstream: 'population' }); };
type Json = Record<string, any>;

describe('POST /v1/verifications', () => {
  it('answers 200 with the result, meta and the completed ticket when the upstream is healthy', async () => {
    const { post } = await appWith(async () => ({ value: match, fetchedAt: Date.UTC(2026, 2, 2, 2) }));
    const response = await post(identity);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: match,
      meta: { source: 'population', fetchedAt: '2026-03-02T02:00:00.000Z', freshness: 'fresh', ageSeconds: 0 },
      ticket: { id: 'id-2', status: 'completed' },
    });
  });

  it('answers 202 with a stored ticket and its Location when the upstream fails, and the same ticket on a repeat', async () => {
    const { post, get } = await appWith(down);
    const response = await post(identity);
    expect(response.status).toBe(202);
    const body = (await response.json()) as Json;
    expect(body).toEqual({ id: 'id-2', status: 'queued', position: 1 });
    expect(response.headers.get('location')).toBe('/v1/verifications/id-2');
    const again = await post({ ...identity, citizenWaiting: false });
    expect(again.status).toBe(202);
    expect(((await again.json()) as Json)['id']).toBe('id-2');
    const ticket = (await (await get('/v1/verifications/id-2')).json()) as Json;
    expect(ticket).toMatchObject({ id: 'id-2', type: 'citizen-identity', status: 'queued', communeCode: '21085', attempts: 1, position: 1 });
    expect(JSON.stringify(ticket)).not.toContain('NGUYỄN');
  });

  it('requires an Idempotency-Key', async () => {
    const { post } = await appWith(down);
    const response = await post(identity, { 'Idempotency-Key': '' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json)['type']).toBe('urn:commune-gateway:problem:idempotency-key-missing');
    const unprintable = await post(identity, { 'Idempotency-Key': 'khóa' });
    expect(((await unprintable.json()) as Json)['errors']).toEqual([
      { field: 'idempotency-key', rule: 'format', message: 'Idempotency-Key: từ 1 đến 255 ký tự ASCII in được' },
    ]);
  });

  it('refuses the same key with another body (422) and a repeat while the first is still being answered (409)', async () => {
    const upstream = Promise.withResolvers<{ value: unknown; fetchedAt: number }>();
    const asked = Promise.withResolvers<void>();
    const { post } = await appWith(() => { asked.resolve(); return upstream.promise; });
    const first = post(identity);
    await asked.promise;
    const conflict = await post(identity);
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('retry-after')).toBe('1');
    const mismatch = await post({ type: 'marital-status', subject: { personalId: '051190000123' } });
    expect(mismatch.status).toBe(422);
    expect(((await mismatch.json()) as Json)['type']).toBe('urn:commune-gateway:problem:idempotency-mismatch');
    upstream.resolve({ value: match, fetchedAt: 0 });
    expect((await first).status).toBe(200);
    expect((await post(identity)).status).toBe(200);
  });

  it('checks the personal ID and its agreement with the birth date before anything is stored', async () => {
    const { post, store } = await appWith(down);
    const badId = await post({ ...identity, subject: { ...identity.subject, personalId: '003190000123' } });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as Json)['errors']).toContainEqual(expect.objectContaining({ field: 'subject.personalId', rule: 'province-code' }));
    const mismatch = await post({ ...identity, subject: { ...identity.subject, dateOfBirth: '1991-03-15' } }, { 'Accept-Language': 'en' });
    expect(mismatch.status).toBe(422);
    expect(((await mismatch.json()) as Json)['errors']).toEqual([expect.objectContaining({ field: 'subject.dateOfBirth', rule: 'birth-date-mismatch' })]);
    const unknownType = await post({ type: 'tax', subject: {} });
    expect(unknownType.status).toBe(400);
    expect((await store.stats('population')).queued).toBe(0);
  });

  it('accepts a callback URL only under a prefix registered for the key', async () => {
    const { post } = await appWith(down);
    const refused = await post({ ...identity, callbackUrl: 'http://169.254.169.254/latest/meta-data' });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as Json)['errors']).toEqual([expect.objectContaining({ field: 'callbackUrl', rule: 'allowed-prefix' })]);
    const accepted = await post({ ...identity, callbackUrl: 'https://xa-son-thuy.example.vn/hooks/verifications' }, { 'Idempotency-Key': 'k-2' });
    expect(accepted.status).toBe(202);
  });

  it('answers a final upstream failure with its problem and the ended ticket', async () => {
    const { post } = await appWith(async () => { throw new NotFoundError('04', { upstream: 'population' }); });
    const response = await post(identity);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      upstream: 'population', detail: 'Hệ thống nguồn không có bản ghi này.', ticket: { id: 'id-2', status: 'failed', reason: 'not-found' },
    });
  });

  it('says why a ticket ended in the reader\'s language, Vietnamese by default, with times in Vietnam time', async () => {
    let now = Date.UTC(2026, 2, 2, 2);
    const { post, get, store, app } = await appWith(down, { now: () => now, expiresInMs: 5 * 60_000 });
    await post(identity);
    now += 5 * 60_000;
    const [expired] = await store.expiredTickets('population', now, 10);
    await store.finish(expired!.id, { status: 'expired', failure: { code: 'expired', detail: 'operator note' } }, { now });
    expect(((await (await get('/v1/verifications/id-2')).json()) as Json)['failure']).toEqual({
      code: 'expired', detail: 'Hệ thống nguồn không trả lời trước khi phiếu hết hạn lúc 09:05 ngày 02/03/2026 (giờ Việt Nam), sau 1 lần gọi.',
    });
    const english = await app.request('/v1/verifications/id-2', {
      headers: { Authorization: `Bearer ${KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-ket-hon', 'Accept-Language': 'en' },
    });
    expect(((await english.json()) as Json)['failure']['detail']).toBe('The upstream did not answer before the ticket expired at 09:05 on 2 Mar 2026 (Vietnam time), after 1 attempt.');
  });

  it('answers 410 to a repeat of a ticket that expired without a result', async () => {
    let now = Date.UTC(2026, 2, 2, 2);
    const { post, store } = await appWith(down, { now: () => now, expiresInMs: 1_000 });
    await post(identity);
    now += 1_000;
    const [expired] = await store.expiredTickets('population', now, 10);
    await store.finish(expired!.id, { status: 'expired', failure: { code: 'expired', detail: 'late' } }, { now });
    const response = await post(identity);
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ ticket: { status: 'expired', reason: 'expired' } });
  });
});

describe('GET /v1/verifications', () => {
  it('shows tickets only to keys bound to their commune', async () => {
    const { post, get } = await appWith(down);
    await post(identity);
    expect((await get('/v1/verifications/id-2', OTHER_KEY)).status).toBe(404);
    expect(((await (await get('/v1/verifications', OTHER_KEY)).json()) as Json)['data']).toEqual([]);
    expect((await get('/v1/verifications?communeCode=21085', OTHER_KEY)).status).toBe(403);
  });

  it('asks who reads a result and why, and leaves an audit row for each result it shows', async () => {
    const maritalStatus = { personalId: '051190000123', status: 'married' };
    const { post, get, app, audited } = await appWith(async () => ({ value: maritalStatus, fetchedAt: Date.UTC(2026, 2, 2, 2) }));
    expect((await post({ type: 'marital-status', subject: { personalId: '051190000123' } })).status).toBe(200);
    const anonymous = await app.request('/v1/verifications/id-2', { headers: { Authorization: `Bearer ${KEY}` } });
    expect(anonymous.status).toBe(400);
    const problem = (await anonymous.json()) as { errors: { field: string; rule: string }[] };
    expect(problem.errors.map((error) => `${error.field}:${error.rule}`)).toEqual(expect.arrayContaining(['x-officer-id:required', 'x-purpose:required']));
    expect((await app.request('/v1/verifications', { headers: { Authorization: `Bearer ${KEY}` } })).status).toBe(400);

    const before = audited.length;
    expect(((await (await get('/v1/verifications/id-2')).json()) as Json)['result']).toEqual(maritalStatus);
    expect(((await (await get('/v1/verifications?status=completed')).json()) as Json)['data']).toHaveLength(1);
    expect(audited.slice(before)).toEqual([1, 2].map(() => expect.objectContaining({
      operation: 'verification.marital-status.read', subject: ['051190000123'], officerId: '051090001234', purpose: 'dang-ky-ket-hon', communeCode: '21085', outcome: 'answered',
    })));
  });

  it('leaves no read row for a ticket whose view names nobody: still queued, or an identity check\'s true or false', async () => {
    const queued = await appWith(down);
    await queued.post(identity);
    const before = queued.audited.length;
    expect((await queued.get('/v1/verifications/id-2')).status).toBe(200);
    expect(queued.audited.slice(before)).toEqual([]);
    const checked = await appWith(async () => ({ value: match, fetchedAt: Date.UTC(2026, 2, 2, 2) }));
    expect((await checked.post(identity)).status).toBe(200);
    const after = checked.audited.length;
    expect(((await (await checked.get('/v1/verifications/id-2')).json()) as Json)['result']).toEqual(match);
    expect(checked.audited.slice(after)).toEqual([]);
  });

  it('lists by status, a page at a time', async () => {
    const { post, get } = await appWith(down);
    for (let i = 1; i <= 3; i++) await post({ ...identity, subject: { ...identity.subject, personalId: `05119000012${i}` } }, { 'Idempotency-Key': `k-${i}` });
    const page = (await (await get('/v1/verifications?status=queued&limit=2')).json()) as Json;
    expect(page['data']).toHaveLength(2);
    const next = (await (await get(`/v1/verifications?status=queued&limit=2&cursor=${page['nextCursor']}`)).json()) as Json;
    expect(next['data']).toHaveLength(1);
    expect(next['nextCursor']).toBeNull();
    expect(((await (await get('/v1/verifications?status=completed')).json()) as Json)['data']).toEqual([]);
    const badCursor = await get('/v1/verifications?cursor=%%%');
    expect(badCursor.status).toBe(400);
    expect(((await badCursor.json()) as Json)['errors']).toEqual([{ field: 'cursor', rule: 'format', message: 'Không phải con trỏ trang mà API này đã trả về' }]);
  });

  it('documents the verification routes in the OpenAPI document', async () => {
    const { app } = await appWith(down);
    const document = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/verifications', '/v1/verifications/{id}']));
  });
});

describe('Retention and the open-ticket quota', () => {
  it('refuses a new verification with 429 once the key has its quota of open tickets, in Vietnamese and English', async () => {
    const { post } = await appWith(down, { maxOpenTicketsPerClient: 2 });
    expect((await post(identity, { 'Idempotency-Key': 'q-1' })).status).toBe(202);
    expect((await post(identity, { 'Idempotency-Key': 'q-2' })).status).toBe(202);
    const refused = await post(identity, { 'Idempotency-Key': 'q-3' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const body = (await refused.json()) as Json;
    expect(body).toMatchObject({ type: 'urn:commune-gateway:problem:open-ticket-quota', status: 429, openTickets: 2, limit: 2 });
    expect(body['title']).toBe('Khóa truy cập đã có quá nhiều phiếu xác minh chưa hoàn tất');
    expect(body['detail']).toContain('2 phiếu');
    const english = (await (await post(identity, { 'Idempotency-Key': 'q-3', 'Accept-Language': 'en' })).json()) as Json;
    expect(english['title']).toBe('This API key has too many unfinished verification tickets');
    // A repeat of a stored key still gets its ticket.
    expect((await post(identity, { 'Idempotency-Key': 'q-1' })).status).toBe(202);
  });

  it('answers with the outcome only once the results period is over, and no longer at all after the outcome period', async () => {
    let at = Date.UTC(2026, 2, 2, 2);
    const { post, get } = await appWith(async () => ({ value: match, fetchedAt: at }), { now: () => at });
    expect((await post(identity, { 'X-Case-Id': 'HS-2026-0042' })).status).toBe(200);
    const fresh = (await (await get('/v1/verifications/id-2')).json()) as Json;
    expect(fresh).toMatchObject({ status: 'completed', result: match, resultKeptUntil: '2026-03-09T02:00:00.000Z', outcome: 'completed' });
    at += 7 * 86_400_000;
    const outcome = (await (await get('/v1/verifications/id-2')).json()) as Json;
    expect(outcome).toMatchObject({ id: 'id-2', type: 'citizen-identity', status: 'completed', outcome: 'completed', caseId: null, endedAt: '2026-03-02T02:00:00.000Z' });
    expect(outcome).not.toHaveProperty('result');
    expect(((await (await get('/v1/verifications')).json()) as Json)['data'][0]).not.toHaveProperty('result');
    at += 23 * 86_400_000;
    expect((await get('/v1/verifications/id-2')).status).toBe(404);
  });
});
