// Verifications: POST /v1/verifications (answered at once when the upstream is healthy, else a durable ticket),
// GET /v1/verifications/{id} and GET /v1/verifications (a client sees only its own communes' tickets). A ticket's
// result is personal data (a parcel's holders, a citizen's ID): reading one names who asks and why (the officer
// headers, as every personal-data call) and leaves an audit row for each result shown.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { PartialDateSchema } from '../../domain/citizen.ts';
import { checkPersonalId } from '../../domain/personal-id.ts';
import { ParcelKeySchema } from '../../domain/land.ts';
import { isAllowedCallbackUrl } from '../../queue/callback.ts';
import type { VerificationService } from '../../queue/service.ts';
import { decodeCursor } from '../../queue/store.ts';
import { TICKET_STATUSES, type Ticket, type VerificationType } from '../../queue/types.ts';
import { failureDetail } from '../../queue/failure-text.ts';
import { ticketView, type TicketView } from '../../queue/view.ts';
import { recordAudit } from '../audit.ts';
import type { GatewayEnv } from '../env.ts';
import type { Language } from '../language.ts';
import { assertLandScope } from '../land-scope.ts';
import { HttpProblem, sendProblem } from '../errors.ts';
import { freeTextOf, requestContextOf } from '../lookup.ts';
import { problem, upstreamDisplayName, type ProblemKind } from '../problems.ts';
import { CheckedPersonalIdSchema, LookupMetaSchema, OfficerHeadersSchema, ProblemSchema, type OfficerHeaders } from '../schemas.ts';

const callbackUrl = z.url({ protocol: /^https?$/ }).max(2_000).optional()
  .openapi({ description: 'POSTed, signed (Standard Webhooks), when a queued ticket ends; must start with a prefix registered for the API key' });
const citizenWaiting = z.boolean().optional()
  .openapi({ description: 'A citizen is waiting at the counter: served first once the upstream is back. Default false.' });
const common = { callbackUrl, citizenWaiting };

const BodySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('citizen-identity'),
    subject: z.object({ personalId: CheckedPersonalIdSchema, fullName: z.string().trim().min(1).max(100), dateOfBirth: PartialDateSchema }).strict(),
    ...common,
  }).strict(),
  z.object({ type: z.literal('marital-status'), subject: z.object({ personalId: CheckedPersonalIdSchema }).strict(), ...common }).strict(),
  z.object({ type: z.literal('land-parcel'), subject: ParcelKeySchema.strict(), ...common }).strict(),
]).openapi('VerificationRequest');

const HeadersSchema = OfficerHeadersSchema.extend({
  'idempotency-key': z.string().optional().openapi({ description: 'Required. Unique per request of this API key (IETF Idempotency-Key draft), e.g. a UUID' }),
});

const TicketRefSchema = z.object({ id: z.string(), status: z.enum(['queued', 'in-progress']), position: z.number().int() }).openapi('VerificationTicketRef');
const TicketSchema = z.object({
  id: z.string(), type: z.enum(['citizen-identity', 'marital-status', 'land-parcel']), status: z.enum(TICKET_STATUSES),
  communeCode: z.string(), caseId: z.string().nullable(), citizenWaiting: z.boolean(), attempts: z.number().int(),
  createdAt: z.string(), updatedAt: z.string(), expiresAt: z.string(), endedAt: z.string().nullable(),
  position: z.number().int().optional(), result: z.unknown().optional(), fetchedAt: z.string().optional(),
  failure: z.object({ code: z.string(), detail: z.string() }).optional(),
  outcome: z.string().optional().openapi({ description: 'Once ended: `completed` or the failure code' }),
  resultKeptUntil: z.string().optional().openapi({ description: 'Once ended: after this the result and case id are removed and the ticket shows its outcome only' }),
}).openapi('VerificationTicket');

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };
const problemResponse = (description: string) => ({ description, content: problemContent });

const postRoute = createRoute({
  method: 'post',
  path: '/v1/verifications',
  tags: ['Verifications'],
  summary: 'Verify a citizen, a marital status or a land parcel; queued durably when the upstream is down',
  security: [{ apiKey: [] }],
  request: { headers: HeadersSchema, body: { required: true, content: { 'application/json': { schema: BodySchema } } } },
  responses: {
    200: { description: 'The upstream answered within the sync budget', content: { 'application/json': { schema: z.object({ data: z.unknown(), meta: LookupMetaSchema, ticket: z.object({ id: z.string(), status: z.literal('completed') }) }) } } },
    202: { description: 'Stored durably; completes when the upstream is back (see Location, or the callback)', content: { 'application/json': { schema: TicketRefSchema } } },
    400: problemResponse('Invalid input, or no Idempotency-Key'),
    403: problemResponse('The key may not act for the commune, or the commune is not provisioned upstream'),
    404: problemResponse('The upstream has no such record'),
    409: problemResponse('The first request with this Idempotency-Key is still being answered'),
    410: problemResponse('The ticket of this Idempotency-Key ended without a result (expired or attempts exhausted)'),
    422: problemResponse('The key was used with another body, the callback URL is not allowed, the subject is inconsistent, or the upstream refused the input'),
    429: problemResponse('The key already has its quota of unfinished tickets (queue.maxOpenTicketsPerClient)'),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/verifications/{id}',
  tags: ['Verifications'],
  summary: 'One verification ticket',
  security: [{ apiKey: [] }],
  request: { params: z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) }), headers: OfficerHeadersSchema },
  responses: {
    200: { description: 'The ticket', content: { 'application/json': { schema: TicketSchema } } },
    400: problemResponse('Missing or invalid officer headers'),
    404: problemResponse('No such ticket for this key’s communes'),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/verifications',
  tags: ['Verifications'],
  summary: 'Verification tickets of the key’s communes, newest first',
  security: [{ apiKey: [] }],
  request: {
    headers: OfficerHeadersSchema,
    query: z.object({
      status: z.enum(TICKET_STATUSES).optional(),
      communeCode: z.string().regex(/^\d{5}$/).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(200).optional().openapi({ description: '`nextCursor` of the previous page' }),
    }),
  },
  responses: {
    200: { description: 'A page of tickets', content: { 'application/json': { schema: z.object({ data: z.array(TicketSchema), nextCursor: z.string().nullable() }) } } },
    400: problemResponse('Missing or invalid officer headers, or a cursor this API did not return'),
    403: problemResponse('The key may not act for that commune'),
  },
});

/** The key's value: a bare token or an RFC 8941 string ("…"), 1-255 visible ASCII characters. */
function idempotencyKeyOf(header: string | undefined, language: Language): string {
  if (header === undefined || header.trim() === '') throw new HttpProblem('idempotency-key-missing');
  const trimmed = header.trim();
  const key = trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2 ? trimmed.slice(1, -1) : trimmed;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    const message = language === 'vi' ? 'Idempotency-Key: từ 1 đến 255 ký tự ASCII in được' : 'Idempotency-Key: 1-255 visible ASCII characters';
    throw new HttpProblem('validation', message, { errors: [{ field: 'idempotency-key', rule: 'format', message }] });
  }
  return key;
}

function service(c: Context<GatewayEnv>): VerificationService {
  return c.get('services').verifications!;
}

/**
 * Who or what a request's subject or a ticket's result names, for the audit row: a parcel's key, or a personal ID.
 * An identity check's result names nobody (true or false per field), so it gives none.
 */
function subjectIds(type: VerificationType, record: Record<string, unknown>): string[] {
  const { communeCode, mapSheet, parcelNumber, personalId } = record;
  if (type === 'land-parcel') return typeof parcelNumber === 'string' ? [`${communeCode}/${mapSheet}/${parcelNumber}`] : [];
  return typeof personalId === 'string' ? [personalId] : [];
}

/**
 * The view of each ticket read, with an audit row for each result it shows that names somebody. The ticket's own
 * subject is gone by then (erased when it ended), so the row names what the result names.
 */
function readTickets(c: Context<GatewayEnv>, officer: OfficerHeaders, tickets: readonly { ticket: Ticket; position?: number | undefined }[]): TicketView[] {
  const { purpose, caseId } = freeTextOf(officer);
  const client = c.get('client').name;
  return tickets.map(({ ticket, position }) => {
    const view = ticketView(ticket, { position, retention: service(c).retention, language: c.get('language') });
    const subject = view.result === undefined ? [] : subjectIds(ticket.type, view.result as Record<string, unknown>);
    if (subject.length > 0) {
      // Under the ticket's commune, whose record it is: an inspector exporting a commune finds every read of it.
      recordAudit(c, {
        client, communeCode: ticket.communeCode, officerId: officer['x-officer-id'], purpose, caseId,
        operation: `verification.${ticket.type}.read`, subject, outcome: 'answered',
      });
    }
    return view;
  });
}

/** The problem a ticket that ended without a result answers with (a replayed POST of it). */
function endedProblem(c: Context<GatewayEnv>, ticket: Ticket): Response {
  const language = c.get('language');
  const code = ticket.failure?.code ?? 'expired';
  const upstreamKinds: Record<string, ProblemKind> = { 'not-found': 'not-found', 'invalid-input': 'invalid-input', 'not-provisioned': 'not-provisioned' };
  const kind = upstreamKinds[code] ?? 'verification-ended';
  const system = upstreamDisplayName(ticket.upstream, language);
  const detail = kind === 'verification-ended'
    ? (language === 'vi'
      ? `${system} không trả lời trước khi phiếu hết hạn. Hãy gửi lại với Idempotency-Key mới.`
      : `${system} did not answer before the ticket ended. Submit again with a new Idempotency-Key.`)
    : failureDetail(ticket, language);
  return sendProblem(c, problem(kind, language, detail, { upstream: ticket.upstream, ticket: { id: ticket.id, status: ticket.status, reason: code } }));
}

export function registerVerificationRoutes(app: OpenAPIHono<GatewayEnv>): void {
  app.openapi(postRoute, async (c) => {
    const body = c.req.valid('json');
    const language = c.get('language');
    const key = idempotencyKeyOf(c.req.header('idempotency-key'), language);
    const client = c.get('client');
    const base = requestContextOf(c, c.req.valid('header'));
    if (body.type === 'citizen-identity') {
      const check = checkPersonalId(body.subject.personalId, new Date(c.get('services').now()).getFullYear(), body.subject.dateOfBirth);
      if (!check.ok && check.rule === 'birth-date-mismatch') {
        const message = language === 'vi' ? 'Năm sinh không khớp với số định danh cá nhân' : 'The birth year does not match the personal ID';
        throw new HttpProblem('invalid-subject', `subject.dateOfBirth: ${message}`, { errors: [{ field: 'subject.dateOfBirth', rule: 'birth-date-mismatch', message }] });
      }
    }
    if (body.type === 'land-parcel') assertLandScope(client, body.subject.communeCode, c.get('services').adminUnits);
    if (body.callbackUrl !== undefined && !isAllowedCallbackUrl(body.callbackUrl, client.callbackUrlPrefixes ?? [])) {
      const message = language === 'vi' ? 'Địa chỉ phải bắt đầu bằng một tiền tố đã đăng ký cho khóa truy cập' : 'The URL must start with a prefix registered for this API key';
      throw new HttpProblem('callback-not-allowed', message, { errors: [{ field: 'callbackUrl', rule: 'allowed-prefix', message }] });
    }
    const { type, subject, callbackUrl: url, citizenWaiting: waiting } = body;
    const result = await service(c).submit({
      client: client.name, idempotencyKey: key, communeCode: base.communeCode, officerId: base.officerId, purpose: base.purpose,
      caseId: base.caseId, body: { type, subject, callbackUrl: url, citizenWaiting: waiting }, signal: base.signal, deadlineAt: c.get('deadlineAt'),
    });
    recordAudit(c, {
      client: client.name, communeCode: base.communeCode, officerId: base.officerId, purpose: base.purpose, caseId: base.caseId,
      operation: `verification.${type}`, subject: subjectIds(type, subject), outcome: result.kind,
    });
    if (result.kind === 'over-quota') {
      return sendProblem(c, problem('open-ticket-quota', language, language === 'vi'
        ? `Khóa truy cập này đang có ${result.openTickets} phiếu xác minh chưa hoàn tất (tối đa ${result.limit}). Hãy chờ các phiếu đó hoàn tất rồi gửi lại.`
        : `This API key has ${result.openTickets} unfinished verification tickets (at most ${result.limit}). Wait for them to end, then submit again.`,
      { openTickets: result.openTickets, limit: result.limit })) as never;
    }
    const { ticket } = result;
    const location = `/v1/verifications/${encodeURIComponent(ticket.id)}`;
    switch (result.kind) {
      case 'completed': {
        const fetchedAt = ticket.fetchedAt ?? ticket.updatedAt;
        const meta = { source: ticket.upstream, fetchedAt: new Date(fetchedAt).toISOString(), freshness: 'fresh', ageSeconds: Math.max(0, Math.floor((c.get('services').now() - fetchedAt) / 1000)) };
        return c.json({ data: ticket.result, meta, ticket: { id: ticket.id, status: 'completed' } }, 200, { 'Content-Location': location, 'Cache-Control': 'no-store' }) as never;
      }
      case 'queued':
        return c.json({ id: ticket.id, status: ticket.status, position: result.position }, 202, { Location: location, 'Cache-Control': 'no-store' }) as never;
      case 'failed':
        return endedProblem(c, ticket) as never;
      case 'in-flight':
        return sendProblem(c, problem('idempotency-conflict', language, undefined, { ticket: { id: ticket.id } }), { 'Retry-After': '1' }) as never;
      case 'key-reused':
        return sendProblem(c, problem('idempotency-mismatch', language)) as never;
    }
  });

  app.openapi(getRoute, async (c) => {
    const found = await service(c).get(c.req.valid('param').id, c.get('client').communes);
    if (!found) throw new HttpProblem('verification-not-found');
    return c.json(readTickets(c, c.req.valid('header'), [found])[0]!, 200, { 'Cache-Control': 'no-store' }) as never;
  });

  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const client = c.get('client');
    if (query.communeCode !== undefined && !client.communes.includes(query.communeCode)) {
      throw new HttpProblem('forbidden-commune', undefined, { communeCode: query.communeCode });
    }
    if (query.cursor !== undefined && decodeCursor(query.cursor) === undefined) {
      const message = c.get('language') === 'vi' ? 'Không phải con trỏ trang mà API này đã trả về' : 'Not a cursor this API returned';
      throw new HttpProblem('validation', `cursor: ${message}`, { errors: [{ field: 'cursor', rule: 'format', message }] });
    }
    const page = await service(c).list({
      communes: query.communeCode === undefined ? client.communes : [query.communeCode],
      status: query.status,
      limit: query.limit,
      cursor: query.cursor,
    });
    return c.json({ data: readTickets(c, c.req.valid('header'), page.tickets.map((ticket) => ({ ticket }))), nextCursor: page.nextCursor }, 200, { 'Cache-Control': 'no-store' }) as never;
  });
}
