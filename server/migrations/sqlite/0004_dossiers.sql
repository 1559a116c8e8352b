-- Uploaded files (the bytes live in the object store under their SHA-256), drafts, and dossiers.
CREATE TABLE dossiers (
    code TEXT PRIMARY KEY,
    owner INTEGER NOT NULL REFERENCES accounts (id),
    -- A retried or doubled submit carries the same key and finds the dossier it made.
    idempotency_key TEXT NOT NULL,
    procedure TEXT NOT NULL,
    agency TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (owner, idempotency_key)
);

CREATE INDEX dossiers_owner ON dossiers (owner, received_at);

-- The day's last sequence number per receiving agency, for codes <agency>-YYMMDD-XXXX.
CREATE TABLE dossier_sequences (
    agency TEXT NOT NULL,
    day TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (agency, day)
);

CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    owner INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    -- Set once the file is part of a submitted dossier; from then on it cannot be removed.
    dossier TEXT REFERENCES dossiers (code)
);

CREATE INDEX uploads_owner ON uploads (owner);
CREATE INDEX uploads_sha256 ON uploads (sha256);

CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    owner INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    procedure TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX drafts_owner ON drafts (owner, updated_at);
