-- Feedback and complaints (phản ánh, kiến nghị): one row per case as it stands now, an append-only
-- log of what happened to it, the files sent with it, and its figures per month kept in the same
-- transaction as each change.

-- The categories and deadlines (catalogue/feedback.json), replaced with the catalogue.
CREATE TABLE feedback_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL
);

CREATE TABLE feedback (
    -- `PA-YYMMDD-NNNN`: the day received in Vietnam and that day's number. Guessable, so only the
    -- PIN (or being its sender, or an officer of the agency holding it) opens it.
    code TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    -- What it is about (`procedure`, `agency`, `officer`, `dossier`, `rating`) and its id.
    about_kind TEXT NOT NULL,
    about_id TEXT NOT NULL,
    -- The procedure it is about, or the dossier's procedure.
    procedure TEXT,
    -- The agency that answers it now (forwarding changes it).
    agency TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    -- A FeedbackStatus id. `answered` past the time to respond is read as closed.
    status TEXT NOT NULL,
    consent INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    answered_at INTEGER,
    answer TEXT NOT NULL DEFAULT '',
    -- What the agency changed because of it ("you said, we did"); empty when nothing.
    change_text TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL,
    -- The signed-in sender, or none.
    sender INTEGER REFERENCES accounts (id),
    name TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    -- SHA-256 of the PIN: a copy of the database opens no case.
    pin_hash TEXT NOT NULL,
    -- SHA-256 of the sender's idempotency key, and the PIN sealed with that key, so a doubled send
    -- gets the first one's receipt (PIN included) and nobody without the key can read the PIN.
    key_hash TEXT,
    pin_sealed TEXT NOT NULL DEFAULT '',
    -- Reopened once already.
    reopened INTEGER NOT NULL DEFAULT 0,
    -- When the agency asked for more information: its clock stands still until the sender replies.
    paused_at INTEGER,
    -- When the agency answering now received it (its receipt, or the forward to it).
    routed_at INTEGER NOT NULL,
    -- The first answer, on or before its due date.
    answered_on_time INTEGER,
    -- A reminder of being overdue has been sent for the current due date.
    overdue_notified INTEGER NOT NULL DEFAULT 0,
    -- For the agency's head: opened by the system after a low rating.
    for_head INTEGER NOT NULL DEFAULT 0,
    published INTEGER NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX feedback_day_seq ON feedback (day, seq);
CREATE UNIQUE INDEX feedback_key ON feedback (key_hash) WHERE key_hash IS NOT NULL;
-- A low rating opens one follow-up per dossier.
CREATE UNIQUE INDEX feedback_rating ON feedback (about_id) WHERE about_kind = 'rating';
CREATE INDEX feedback_agency_open ON feedback (agency, status, due_date);
CREATE INDEX feedback_sender ON feedback (sender, received_at);
CREATE INDEX feedback_due ON feedback (due_date) WHERE overdue_notified = 0;

-- Never rewritten, like dossier_events.
CREATE TABLE feedback_events (
    id INTEGER PRIMARY KEY,
    feedback TEXT NOT NULL REFERENCES feedback (code),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    agency TEXT NOT NULL,
    -- The officer who acted, if one did.
    actor INTEGER,
    text TEXT NOT NULL DEFAULT ''
);

CREATE INDEX feedback_events_feedback ON feedback_events (feedback, id);

CREATE TRIGGER feedback_events_append_only_update BEFORE UPDATE ON feedback_events
BEGIN
    SELECT RAISE(ABORT, 'feedback events are never changed');
END;

CREATE TRIGGER feedback_events_append_only_delete BEFORE DELETE ON feedback_events
BEGIN
    SELECT RAISE(ABORT, 'feedback events are never removed');
END;

-- Files sent with feedback, by people who may have no account: kept in the content-addressed file
-- store like uploads, counted against the sending address.
CREATE TABLE feedback_files (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    address TEXT NOT NULL,
    -- Set once sent with a case, and the event it came with.
    feedback TEXT REFERENCES feedback (code),
    event INTEGER REFERENCES feedback_events (id)
);

CREATE INDEX feedback_files_feedback ON feedback_files (feedback);
CREATE INDEX feedback_files_sha256 ON feedback_files (sha256);

-- Feedback's figures per agency, procedure ('' for none) and month (`YYYY-MM`, in Vietnam): each
-- change adds to them in its own transaction. Overdue is a state, read from `feedback` itself.
CREATE TABLE feedback_months (
    agency TEXT NOT NULL,
    procedure TEXT NOT NULL,
    month TEXT NOT NULL,
    received INTEGER NOT NULL DEFAULT 0,
    answered INTEGER NOT NULL DEFAULT 0,
    answered_on_time INTEGER NOT NULL DEFAULT 0,
    answered_late INTEGER NOT NULL DEFAULT 0,
    dissatisfied INTEGER NOT NULL DEFAULT 0,
    satisfied INTEGER NOT NULL DEFAULT 0,
    published INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agency, procedure, month)
);
