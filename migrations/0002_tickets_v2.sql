-- tickets v2: expiry index.
-- Made by `npm run d1:migrations` from src/store/sqlite-ticket-store.ts; edit that, not this file.
DROP INDEX tickets_drain;
CREATE INDEX tickets_drain ON tickets (upstream, status, commune_code, citizen_waiting DESC, created_at, id);
CREATE INDEX tickets_expiry ON tickets (upstream, status, expires_at);
