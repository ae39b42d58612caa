// Who may be answered from the shared cache: a commune the upstream itself answered recently for that operation.
//
// The cache is shared between communes (a citizen looked up by one commune is a hit for the next), but an upstream
// may refuse a commune (population `maKetQua 06`, land `ChuaPhanQuyen`). Serving such a commune from the cache would
// show it what the national system refuses it, and the national system would never see (or audit) the request. So a
// cached answer, fresh or stale, reaches a commune only while a confirmation is remembered: the upstream answered
// that commune for that operation (a record or a not-found) within the window. A refusal withdraws it at once.

export interface CommuneConfirmationsOptions {
  /** How long an upstream answer confirms a commune, ms. 0 = never serve a commune from the cache. */
  windowMs: number;
  /** Clock, epoch ms. */
  now: () => number;
  /** Entries remembered (operations × communes); the oldest are forgotten first. Default 10_000. */
  maxEntries?: number;
}

export interface CommuneConfirmations {
  /** The upstream answered this commune for this operation within the window. */
  isConfirmed(operation: string, communeCode: string): boolean;
  /** The upstream answered this commune itself (a record or a final not-found). */
  answered(operation: string, communeCode: string): void;
  /** The upstream refused this commune: nothing cached may reach it until the upstream answers it again. */
  refused(operation: string, communeCode: string): void;
}

export function createCommuneConfirmations(options: CommuneConfirmationsOptions): CommuneConfirmations {
  const { windowMs, now } = options;
  const maxEntries = options.maxEntries ?? 10_000;
  /** `operation commune` → when the upstream last answered it; Map order = oldest first. */
  const answeredAt = new Map<string, number>();
  return {
    isConfirmed(operation, communeCode) {
      const at = answeredAt.get(`${operation} ${communeCode}`);
      return at !== undefined && now() - at < windowMs;
    },
    answered(operation, communeCode) {
      const key = `${operation} ${communeCode}`;
      answeredAt.delete(key);
      if (answeredAt.size >= maxEntries) answeredAt.delete(answeredAt.keys().next().value!);
      answeredAt.set(key, now());
    },
    refused(operation, communeCode) {
      answeredAt.delete(`${operation} ${communeCode}`);
    },
  };
}
