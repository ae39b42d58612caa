// The public representation of a ticket (GET answers and callback bodies). Leaves out the subject and the
// officer: the commune already knows them, and a listing must not become a register of whom it checked.
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
}

const iso = (ms: number) => new Date(ms).toISOString();

export function ticketView(ticket: Ticket, position?: number): TicketView {
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
    ...(ticket.status === 'completed' ? { result: ticket.result, fetchedAt: iso(ticket.fetchedAt ?? ticket.updatedAt) } : {}),
    ...(ticket.failure ? { failure: ticket.failure } : {}),
  };
}
