// The callback a ticket's end produces (written to the outbox with the end), and the check that a callback URL
// is one the client registered (no SSRF: the gateway only POSTs where the province allowed it).
import type { NewOutboxMessage } from './store.ts';
import type { Ticket, TicketEnd } from './types.ts';
import { ticketView } from './view.ts';

/**
 * The outbox message for a ticket that ended, or undefined when it has no callback URL. Body:
 * `{"type":"verification.completed"|"verification.failed"|"verification.expired","timestamp","data":<ticket>}`.
 */
export function callbackMessage(ticket: Ticket, end: TicketEnd, now: number, newId: () => string): NewOutboxMessage | undefined {
  if (ticket.callbackUrl === null) return undefined;
  const ended: Ticket = {
    ...ticket,
    status: end.status,
    result: end.status === 'completed' ? end.result : null,
    fetchedAt: end.status === 'completed' ? end.fetchedAt : null,
    failure: end.status === 'completed' ? null : end.failure,
    endedAt: now,
    updatedAt: now,
    leaseOwner: null,
    leaseUntil: null,
  };
  const body = JSON.stringify({ type: `verification.${end.status}`, timestamp: new Date(now).toISOString(), data: ticketView(ended) });
  return { id: `msg_${newId()}`, url: ticket.callbackUrl, body };
}

/**
 * True when `url` lies under one of `prefixes`: same scheme, host and port, and a path that continues the
 * prefix's path at a segment boundary. `https://xa.example/hooks` allows `https://xa.example/hooks/v1` but not
 * `https://xa.example/hooksevil` nor `https://xa.example.evil.net/hooks`. URLs with credentials are refused.
 */
export function isAllowedCallbackUrl(url: string, prefixes: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.username !== '' || target.password !== '' || !['http:', 'https:'].includes(target.protocol)) return false;
  return prefixes.some((prefix) => {
    let allowed: URL;
    try {
      allowed = new URL(prefix);
    } catch {
      return false;
    }
    if (allowed.origin !== target.origin) return false;
    const base = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
    return target.pathname === allowed.pathname || target.pathname.startsWith(base);
  });
}
