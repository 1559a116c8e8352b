-- The dossier lifecycle: where each dossier is in its workflow, the event log, who opened it, the
-- inbox and the mail outbox, ratings, and failed public lookups for rate limiting.
ALTER TABLE dossiers ADD COLUMN status TEXT NOT NULL DEFAULT 'submitted';
-- Bumped by every event: an action names the version it saw, so a doubled action is refused.
ALTER TABLE dossiers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- 1 until the dossier is returned, refused or withdrawn.
ALTER TABLE dossiers ADD COLUMN open INTEGER NOT NULL DEFAULT 1;
-- The agency holding the current step, and that step's deadline (YYYY-MM-DD).
ALTER TABLE dossiers ADD COLUMN holder TEXT;
ALTER TABLE dossiers ADD COLUMN step_due TEXT;
-- A business's dossiers are the company's: its 10-digit tax code.
ALTER TABLE dossiers ADD COLUMN company TEXT;
-- What public tracking accepts beside the code: the applicant's phone and ID number at submission.
ALTER TABLE dossiers ADD COLUMN check_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN check_id TEXT NOT NULL DEFAULT '';
-- The workflow with each step's dates (JSON), fixed at submission.
ALTER TABLE dossiers ADD COLUMN workflow TEXT NOT NULL DEFAULT '[]';
ALTER TABLE dossiers ADD COLUMN overdue_notified INTEGER NOT NULL DEFAULT 0;
-- The applicant's name at submission, for officers' queues.
ALTER TABLE dossiers ADD COLUMN applicant TEXT NOT NULL DEFAULT '';

UPDATE dossiers SET holder = agency, step_due = due_date;

CREATE INDEX dossiers_owner_status ON dossiers (owner, status, received_at);
CREATE INDEX dossiers_company ON dossiers (company, received_at) WHERE company IS NOT NULL;
CREATE INDEX dossiers_company_status ON dossiers (company, status, received_at)
    WHERE company IS NOT NULL;
CREATE INDEX dossiers_queue ON dossiers (holder, step_due) WHERE open = 1;
CREATE INDEX dossiers_overdue ON dossiers (due_date) WHERE open = 1 AND overdue_notified = 0;

CREATE TABLE dossier_events (
    id INTEGER PRIMARY KEY,
    dossier TEXT NOT NULL REFERENCES dossiers (code),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    step TEXT NOT NULL,
    agency TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('applicant', 'officer', 'system')),
    -- Who acted, for audit; never shown to the citizen.
    account INTEGER,
    -- The note, requested items, files and new date, as JSON.
    data TEXT NOT NULL
);

CREATE INDEX dossier_events_dossier ON dossier_events (dossier, id);

-- The log is the record: nothing rewrites or removes an entry.
CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
BEGIN
    SELECT RAISE(ABORT, 'the dossier event log is append-only');
END;

CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
BEGIN
    SELECT RAISE(ABORT, 'the dossier event log is append-only');
END;

-- INSERT OR REPLACE deletes the old row without firing delete triggers: refuse reusing an id.
CREATE TRIGGER dossier_events_no_replace BEFORE INSERT ON dossier_events
WHEN EXISTS (SELECT 1 FROM dossier_events WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'the dossier event log is append-only');
END;

INSERT INTO dossier_events (dossier, at, kind, status, step, agency, role, account, data)
SELECT code, received_at, 'submitted', 'submitted', '', agency, 'applicant', owner, '{}' FROM dossiers;

-- Every time an officer opened a dossier or one of its files.
CREATE TABLE dossier_access (
    dossier TEXT NOT NULL REFERENCES dossiers (code),
    at INTEGER NOT NULL,
    account INTEGER NOT NULL,
    agency TEXT NOT NULL,
    role TEXT NOT NULL,
    file TEXT NOT NULL DEFAULT ''
);

CREATE INDEX dossier_access_dossier ON dossier_access (dossier, at);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    account INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    dossier TEXT NOT NULL,
    kind TEXT NOT NULL,
    at INTEGER NOT NULL,
    -- Text in both languages, as JSON.
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    read_at INTEGER
);

CREATE INDEX notifications_account ON notifications (account, id);

-- Mail waiting to be sent: written in the same transaction as the notification, sent by a worker
-- that retries until the mail server takes it.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    notification INTEGER REFERENCES notifications (id) ON DELETE SET NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at INTEGER,
    last_error TEXT
);

CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE ratings (
    dossier TEXT PRIMARY KEY REFERENCES dossiers (code),
    account INTEGER NOT NULL,
    agency TEXT NOT NULL,
    procedure TEXT NOT NULL,
    overall INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
    criteria TEXT NOT NULL,
    comment TEXT NOT NULL,
    rated_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX ratings_agency ON ratings (agency, rated_at);

CREATE TABLE lookup_failures (
    scope TEXT NOT NULL CHECK (scope IN ('code', 'address')),
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);

CREATE INDEX lookup_failures_key ON lookup_failures (scope, key, at);

-- Replaced with the catalogue, like forms and holidays.
CREATE TABLE workflows (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL
);

CREATE TABLE satisfaction (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL
);
