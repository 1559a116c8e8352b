-- Published questions: an officer's redaction of a piece of feedback and its answer, the only form
-- of it anyone else reads. A redaction is saved first and shown only once published; saving a new
-- one hides it again until it is published again. What is served is read with the feedback, so
-- feedback whose sender no longer consents is never served whatever this table says.
CREATE TABLE feedback_published (
    code TEXT PRIMARY KEY REFERENCES feedback (code),
    title TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    redacted_at INTEGER NOT NULL,
    redacted_by INTEGER NOT NULL REFERENCES accounts (id),
    published_at INTEGER,
    -- The feedback's procedure and answering agency when published, so the public lists read
    -- one table in order.
    procedure TEXT,
    agency TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_published_newest ON feedback_published (published_at DESC)
    WHERE published_at IS NOT NULL;
CREATE INDEX feedback_published_by_procedure ON feedback_published (procedure, published_at DESC)
    WHERE published_at IS NOT NULL;

-- Counts every change to what is published: each server's in-memory search index compares it
-- with the one it was built at and rebuilds when it is behind.
CREATE TABLE questions_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO questions_version (id, version) VALUES (1, 0);
