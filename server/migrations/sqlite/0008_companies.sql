-- Companies are proven, not typed: until now every business account whose tax code began with a
-- company's 10 digits saw that company's dossiers, so anyone registering a made-up branch code could
-- read them. A dossier is now a company's only when a verified member submitted it for the company.
UPDATE dossiers SET company = NULL;

-- A head office account's request to be verified as its company, with the certificate it uploaded.
CREATE TABLE company_verifications (
    id INTEGER PRIMARY KEY,
    account INTEGER NOT NULL REFERENCES accounts (id),
    tax_code TEXT NOT NULL,
    company_name TEXT NOT NULL,
    legal_representative TEXT NOT NULL,
    upload TEXT NOT NULL REFERENCES uploads (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'refused')),
    requested_at INTEGER NOT NULL,
    decided_at INTEGER,
    decided_by INTEGER REFERENCES accounts (id),
    reason TEXT NOT NULL DEFAULT ''
);

-- One open request per account at a time; the officers' queue reads the open ones oldest first.
CREATE UNIQUE INDEX company_verifications_open ON company_verifications (account)
    WHERE status = 'pending';
CREATE INDEX company_verifications_status ON company_verifications (status, requested_at);
CREATE INDEX company_verifications_account ON company_verifications (account, id);

-- A verified company. The tax code is unique: a second account cannot be verified as the same one.
CREATE TABLE companies (
    tax_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    admin INTEGER NOT NULL REFERENCES accounts (id),
    verified_at INTEGER NOT NULL,
    verification INTEGER NOT NULL REFERENCES company_verifications (id)
);

-- Members and invitations, by the sign-in identifier invited (the account may not exist yet);
-- `account` is set when the identifier's owner accepts.
CREATE TABLE company_members (
    tax_code TEXT NOT NULL REFERENCES companies (tax_code),
    identifier TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'act', 'view')),
    invited_by INTEGER NOT NULL REFERENCES accounts (id),
    invited_at INTEGER NOT NULL,
    account INTEGER REFERENCES accounts (id),
    accepted_at INTEGER,
    PRIMARY KEY (tax_code, identifier)
);

CREATE INDEX company_members_account ON company_members (account) WHERE account IS NOT NULL;
CREATE INDEX company_members_identifier ON company_members (identifier);

-- Who did what to a company, for its administrator and for audit; never rewritten.
CREATE TABLE company_audit (
    id INTEGER PRIMARY KEY,
    tax_code TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    actor INTEGER NOT NULL REFERENCES accounts (id),
    subject TEXT NOT NULL DEFAULT '',
    role TEXT,
    reason TEXT NOT NULL DEFAULT ''
);

CREATE INDEX company_audit_company ON company_audit (tax_code, id);

CREATE TRIGGER company_audit_no_update BEFORE UPDATE ON company_audit
BEGIN
    SELECT RAISE(ABORT, 'the company audit log is append-only');
END;

CREATE TRIGGER company_audit_no_delete BEFORE DELETE ON company_audit
BEGIN
    SELECT RAISE(ABORT, 'the company audit log is append-only');
END;

CREATE TRIGGER company_audit_no_replace BEFORE INSERT ON company_audit
WHEN EXISTS (SELECT 1 FROM company_audit WHERE rowid = NEW.rowid)
BEGIN
    SELECT RAISE(ABORT, 'the company audit log is append-only');
END;


-- A member's list merges, each read in order from an index: its own dossiers for no company, its
-- own for companies it is no longer in (few; found in this index without reading the rows), and
-- each of its companies' (`dossiers_company`).
CREATE INDEX dossiers_personal ON dossiers (owner, received_at) WHERE company IS NULL;
CREATE INDEX dossiers_owner_company ON dossiers (owner, company) WHERE company IS NOT NULL;
