-- Accounts of citizens, businesses and officers, their sessions, and failed logins for rate limiting.
-- `identifier` is what a person signs in with: CCCD number, tax code or officer user name.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('citizen', 'business', 'officer')),
    identifier TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    agency TEXT,
    profile TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Only a hash of each session token is kept: a copy of the database opens no session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE login_failures (
    scope TEXT NOT NULL CHECK (scope IN ('account', 'address')),
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);

CREATE INDEX login_failures_key ON login_failures (scope, key, at);
