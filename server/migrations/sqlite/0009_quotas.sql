-- Bounded resources: what an account keeps before submitting is counted (and found by age for the
-- sweep that removes what is left untouched), and requests per address to the routes that write are
-- counted.

-- Set when the owner was told the draft will be removed; saving the draft again clears it.
ALTER TABLE drafts ADD COLUMN expiry_warned_at INTEGER;
CREATE INDEX drafts_age ON drafts (updated_at);

CREATE INDEX uploads_unsubmitted ON uploads (owner) WHERE dossier IS NULL;
CREATE INDEX uploads_unsubmitted_age ON uploads (created_at) WHERE dossier IS NULL;

-- One row per upload or submission, by the client address, for the per-address limits.
CREATE TABLE address_requests (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);

CREATE INDEX address_requests_key ON address_requests (scope, key, at);
CREATE INDEX address_requests_at ON address_requests (at);
