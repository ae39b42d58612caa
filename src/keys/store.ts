// Client API keys kept in the store: one row per key, holding its SHA-256 only (the key is printed once). SQLite,
// PostgreSQL and memory implementations live in src/store and pass one shared suite (client-key-store.suite.ts).

export interface StoredClientKey {
  /** Short public id (`k_…`), used by `keys rotate|revoke`. */
  id: string;
  /** Client name, shown in logs and the audit log. */
  client: string;
  communes: string[];
  /** Extra data scopes, as in config (`religion`). */
  scopes: string[];
  /** SHA-256 (hex) of the key. */
  keySha256: string;
  /** The key's first characters, so an operator can tell keys apart without the key. */
  prefix: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms after which the key stops working (a rotated key's grace end); null = no end. */
  expiresAt: number | null;
  /** Epoch ms of revocation; null = not revoked. */
  revokedAt: number | null;
  /** The key that replaced this one in a rotation. */
  replacedBy: string | null;
}

export interface ClientKeyStore {
  insert(key: StoredClientKey): Promise<void>;
  get(id: string): Promise<StoredClientKey | undefined>;
  /** Every key, revoked and expired ones included, oldest first. */
  list(): Promise<StoredClientKey[]>;
  /** Inserts `successor` and ends `id` at `expiresAt` (or earlier, if it already ended sooner), in one transaction. */
  rotate(id: string, successor: StoredClientKey, expiresAt: number): Promise<boolean>;
  /** Marks the key revoked at `at`; false if it does not exist or was already revoked. */
  revoke(id: string, at: number): Promise<boolean>;
  /** A number that changes with every write to the key table, from any process: cheap enough to poll every second. */
  version(): Promise<number>;
  close(): Promise<void>;
}

/** A key works when not revoked and not past its end. */
export function isActive(key: StoredClientKey, now: number): boolean {
  return key.revokedAt === null && (key.expiresAt === null || now < key.expiresAt);
}
