-- Hardening: the access log is as permanent as the event log, and mail that cannot be delivered is
-- given up on and shown to officers rather than retried forever.

-- Who opened a dossier is the owner's record: nothing rewrites or removes an entry.
CREATE TRIGGER dossier_access_no_update BEFORE UPDATE ON dossier_access
BEGIN
    SELECT RAISE(ABORT, 'the dossier access log is append-only');
END;

CREATE TRIGGER dossier_access_no_delete BEFORE DELETE ON dossier_access
BEGIN
    SELECT RAISE(ABORT, 'the dossier access log is append-only');
END;

-- INSERT OR REPLACE deletes the old row without firing delete triggers: refuse reusing a rowid.
CREATE TRIGGER dossier_access_no_replace BEFORE INSERT ON dossier_access
WHEN EXISTS (SELECT 1 FROM dossier_access WHERE rowid = NEW.rowid)
BEGIN
    SELECT RAISE(ABORT, 'the dossier access log is append-only');
END;

-- When delivery was first and last tried; a mail failing for a day is given up on from the first.
ALTER TABLE outbox ADD COLUMN first_attempt_at INTEGER;
ALTER TABLE outbox ADD COLUMN last_attempt_at INTEGER;
-- Set when the mail is dead: refused for good by the relay, or still failing a day after the first
-- attempt. A dead mail is never claimed again; officers see it so they can reach the person otherwise.
ALTER TABLE outbox ADD COLUMN dead_at INTEGER;

DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox (dead_at) WHERE dead_at IS NOT NULL;
