-- Sign-in that holds under attack, and sessions that end.

-- A disabled account can no longer sign in; its row stays for the dossiers that name it.
ALTER TABLE accounts ADD COLUMN disabled_at INTEGER;

-- A session ends when idle longer than `idle_seconds` (by its account's kind) or at `expires_at`.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN idle_seconds INTEGER NOT NULL DEFAULT 604800;
UPDATE sessions SET last_seen_at = created_at;
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Every sign-in attempt is written before its password is checked, so parallel guesses are counted;
-- a success removes its account's attempts from that address. Limits are per account and address
-- (so a stranger cannot lock an owner out) and per address.
DROP TABLE login_failures;
CREATE TABLE login_attempts (
    identifier TEXT NOT NULL,
    address TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_attempts_pair ON login_attempts (identifier, address, at);
CREATE INDEX login_attempts_address ON login_attempts (address, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- Registrations, counted per address like the failures.
CREATE TABLE registration_attempts (
    scope TEXT NOT NULL CHECK (scope IN ('address')),
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX registration_attempts_key ON registration_attempts (scope, key, at);
