import { sha256Chain } from '../runtime/audit-crypto.ts';
import { auditLogSuite } from './audit-log.suite.ts';
import { createMemoryAuditLog } from './memory-audit-log.ts';

auditLogSuite('memory', async () => createMemoryAuditLog(sha256Chain));
