-- What each dossier owes and has paid, in đồng. The bill itself (each fee, its count, the exemption
-- declared) is part of the receipt; these are the amounts that change after submission.
CREATE TABLE dossier_fees (
    dossier TEXT PRIMARY KEY REFERENCES dossiers (code),
    -- 'submission' or 'result': when the procedure collects the fee.
    due_at TEXT NOT NULL,
    -- Owed in all: the bill's total less what a declared exemption takes off, until an officer
    -- refuses the exemption and adds it back.
    due_vnd INTEGER NOT NULL,
    exempted_vnd INTEGER NOT NULL DEFAULT 0,
    -- The declared exemption and its decision ('claimed', 'accepted', 'refused'); NULL without one.
    exemption TEXT,
    decision TEXT,
    paid_vnd INTEGER NOT NULL DEFAULT 0,
    -- Paid for a dossier then refused or withdrawn: to be paid back.
    refund_vnd INTEGER NOT NULL DEFAULT 0,
    CHECK (paid_vnd >= 0 AND due_vnd >= 0)
);

-- Each attempt to pay online: the provider knows it by its reference.
CREATE TABLE payments (
    txn_ref TEXT PRIMARY KEY,
    dossier TEXT NOT NULL REFERENCES dossiers (code),
    amount_vnd INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    -- 'pending' until the provider says 'paid' or 'failed'; never changed after.
    status TEXT NOT NULL,
    response_code TEXT,
    transaction_no TEXT,
    settled_at INTEGER
);

CREATE INDEX payments_dossier ON payments (dossier, created_at);
CREATE INDEX payments_pending ON payments (created_at) WHERE status = 'pending';

-- Electronic fee receipts (biên lai), one per payment, numbered without gaps within a year.
CREATE TABLE fee_receipts (
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    dossier TEXT NOT NULL REFERENCES dossiers (code),
    amount_vnd INTEGER NOT NULL,
    paid_at INTEGER NOT NULL,
    -- 'online' (the payment's reference and the provider's number) or 'desk' (the officer).
    how TEXT NOT NULL,
    txn_ref TEXT UNIQUE REFERENCES payments (txn_ref),
    transaction_no TEXT,
    officer INTEGER REFERENCES accounts (id),
    PRIMARY KEY (year, number)
);

CREATE INDEX fee_receipts_dossier ON fee_receipts (dossier);
