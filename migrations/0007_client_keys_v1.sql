-- client-keys v1: client keys and their version counter.
-- Made by `npm run d1:migrations` from src/store/sqlite-client-key-store.ts; edit that, not this file.
CREATE TABLE client_keys (
  id TEXT PRIMARY KEY, client TEXT NOT NULL, communes TEXT NOT NULL, scopes TEXT NOT NULL, key_sha256 TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER, replaced_by TEXT);
CREATE TABLE client_keys_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
INSERT INTO client_keys_version (id, version) VALUES (1, 0);
