import { createMemoryTicketStore } from './memory-ticket-store.ts';
import { ticketStoreSuite } from './ticket-store.suite.ts';

ticketStoreSuite('memory', async () => createMemoryTicketStore());
