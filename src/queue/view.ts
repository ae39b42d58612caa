// The public representation of a ticket (GET answers and callback bodies). Leaves out the subject and the
// officer: the commune already knows them, and a listing must not become a register of whom it checked.
import type { Language } from '../alerts/render/words.ts';
import { failureDetail } from './failure-text.ts';
import { resultKeptUntil, type RetentionPolicy } from './retention.ts';
import type { Ticket, TicketStatus } from './types.ts';

export interface TicketView {
  id: string;
  type: Ticket['type'];
  status: TicketStatus;
  communeCode: string;
  caseId: string | null;
  citizenWaiting: boolean;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  endedAt: string | null;
  /** 1-based place in line while queued or in progress. */
  position?: number;
  /** The canonical upstream answer, once completed. */
  result?: unknown;
  /** When the upstream produced `result`. */
  fetchedAt?: string;
  failure?: { code: string; detail: string };
  /** Once ended: `completed`, or the failure's code. */
  outcome?: string;
  /** Once ended: when the result and case id are removed and the ticket answers with its outcome only. */
  resultKeptUntil?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export interface TicketViewOptions {
  /** 1-based place in line, for a ticket still waiting. */
  position?: number | undefined;
  /** Adds `resultKeptUntil` to an ended ticket (GET answers; callbacks go out before it matters). */
  retention?: RetentionPolicy | undefined;
  /** Of the failure's words; default Vietnamese (callbacks have no reader to ask). */
  language?: Language;
}

export function ticketView(ticket: Ticket, options: TicketViewOptions = {}): TicketView {
  const { position, retention, language = 'vi' } = options;
  const ended = ticket.endedAt !== null;
  return {
    id: ticket.id,
    type: ticket.type,
    status: ticket.status,
    communeCode: ticket.communeCode,
    caseId: ticket.caseId,
    citizenWaiting: ticket.citizenWaiting,
    attempts: ticket.attempts,
    createdAt: iso(ticket.createdAt),
    updatedAt: iso(ticket.updatedAt),
    expiresAt: iso(ticket.expiresAt),
    endedAt: ticket.endedAt === null ? null : iso(ticket.endedAt),
    ...(position === undefined ? {} : { position }),
    ...(ticket.status === 'completed' && ticket.reducedAt === null ? { result: ticket.result, fetchedAt: iso(ticket.fetchedAt ?? ticket.updatedAt) } : {}),
    ...(ticket.failure ? { failure: { code: ticket.failure.code, detail: failureDetail(ticket, language)! } } : {}),
    ...(ended ? { outcome: ticket.failure?.code ?? ticket.status } : {}),
    ...(ended && retention ? { resultKeptUntil: iso(resultKeptUntil(ticket.endedAt!, retention)) } : {}),
  };
}
