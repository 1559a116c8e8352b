-- Sign-in with the national e-ID (OpenID Connect).

-- The provider's subject an account was signed in as; an account with one is verified (its profile
-- says so too, with the name, ID number and date of birth the e-ID gave).
ALTER TABLE accounts ADD COLUMN eid_subject TEXT;
CREATE UNIQUE INDEX accounts_eid_subject ON accounts (eid_subject) WHERE eid_subject IS NOT NULL;

-- Sign-ins under way, between sending a person to the provider and their coming back: each used
-- once, for ten minutes, and only so many at a time (anyone may start one).
CREATE TABLE eid_sign_ins (
    state_hash TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    next TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX eid_sign_ins_created ON eid_sign_ins (created_at);
