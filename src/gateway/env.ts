// The Hono environment: per-request values set by middleware and read by handlers.
import type { AuditEvent } from '../audit/record.ts';
import type { Language } from './language.ts';
import type { ApiClient, Logger, Services } from './services.ts';

export interface GatewayEnv {
  Variables: {
    services: Services;
    requestId: string;
    language: Language;
    log: Logger;
    client: ApiClient;
    /** Epoch ms by which this request must be answered. */
    deadlineAt: number;
    /**
     * Epoch ms the gateway's own limit (server.maxRequestTimeoutMs) allows this request; `deadlineAt` is earlier only
     * when the client asked for less with Request-Timeout. Tells the client's deadline from the gateway's.
     */
    gatewayDeadlineAt: number;
    /**
     * Set by calls that touch personal data (audit.ts): unmasked, so never log it as it is; the access line logs
     * `auditRecord(audit)`, which masks it.
     */
    audit: AuditEvent | undefined;
    /**
     * The headers every answer carries (X-Request-Id, RateLimit…), kept here when the route builds its own Response;
     * undefined when they were given to Hono with c.header (answer-headers.ts).
     */
    answerHeaders: Record<string, string> | undefined;
  };
}
