// The Hono environment: per-request values set by middleware and read by handlers.
import type { AuditRecord } from './audit.ts';
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
    /** Set by calls that touch personal data; logged on the request's access line. */
    audit: AuditRecord | undefined;
  };
}
