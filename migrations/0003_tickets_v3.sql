-- tickets v3: retention and open-ticket quota.
-- Made by `npm run d1:migrations` from src/store/sqlite-ticket-store.ts; edit that, not this file.
ALTER TABLE tickets ADD COLUMN reduced_at INTEGER;
CREATE INDEX tickets_ended ON tickets (ended_at);
CREATE INDEX tickets_open_by_client ON tickets (client, status);
UPDATE tickets SET subject = '{}', officer_id = '', purpose = '' WHERE ended_at IS NOT NULL;
