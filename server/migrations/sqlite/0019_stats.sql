-- The public statistics: figures per month (in Vietnam), receiving agency and procedure, kept
-- current in the same transaction as each dossier's change and each rating, so a report reads
-- only the rows of its period, never the dossiers.

-- How a dossier came in: 'online' through this portal, or 'truc_tiep' at the desk.
ALTER TABLE dossiers ADD COLUMN channel TEXT NOT NULL DEFAULT 'online';
-- 1 when its applicant was signed in with the national e-ID (VNeID) at submission.
ALTER TABLE dossiers ADD COLUMN eid INTEGER NOT NULL DEFAULT 0;

UPDATE dossiers SET eid = 1
WHERE owner IN (SELECT id FROM accounts WHERE eid_subject IS NOT NULL);

-- Counts by the month each thing happened: received (and how) by the month of submission;
-- results, refusals, withdrawals, supplement requests and apologies by the month of their event.
CREATE TABLE stats_monthly (
    month TEXT NOT NULL,
    agency TEXT NOT NULL,
    procedure TEXT NOT NULL,
    received INTEGER NOT NULL DEFAULT 0,
    online INTEGER NOT NULL DEFAULT 0,
    eid INTEGER NOT NULL DEFAULT 0,
    with_fee INTEGER NOT NULL DEFAULT 0,
    paid_online INTEGER NOT NULL DEFAULT 0,
    resolved_early INTEGER NOT NULL DEFAULT 0,
    resolved_on_time INTEGER NOT NULL DEFAULT 0,
    resolved_late INTEGER NOT NULL DEFAULT 0,
    results_electronic INTEGER NOT NULL DEFAULT 0,
    refused INTEGER NOT NULL DEFAULT 0,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    supplement_requests INTEGER NOT NULL DEFAULT 0,
    apologies INTEGER NOT NULL DEFAULT 0,
    -- The results' legal times, in working days, summed.
    legal_days_sum INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, agency, procedure)
) WITHOUT ROWID;

-- A scope's own rows are found by agency and procedure, its parts' by one of them.
CREATE INDEX stats_monthly_agency ON stats_monthly (agency, procedure, month);
CREATE INDEX stats_monthly_procedure ON stats_monthly (procedure, agency, month);

-- Results by the working days they took (less supplement pauses), for the 80th percentile.
CREATE TABLE stats_days (
    month TEXT NOT NULL,
    agency TEXT NOT NULL,
    procedure TEXT NOT NULL,
    days INTEGER NOT NULL,
    results INTEGER NOT NULL,
    PRIMARY KEY (month, agency, procedure, days)
) WITHOUT ROWID;

-- With the results, so a period's histograms are read from the index alone.
CREATE INDEX stats_days_agency ON stats_days (agency, procedure, month, days, results);
CREATE INDEX stats_days_procedure ON stats_days (procedure, agency, month, days, results);

-- Ratings by the month first given, per criterion ('overall' too): how many gave each point, 1
-- to 5. A changed rating moves its counts from the old points to the new.
CREATE TABLE stats_ratings (
    month TEXT NOT NULL,
    agency TEXT NOT NULL,
    procedure TEXT NOT NULL,
    criterion TEXT NOT NULL,
    p1 INTEGER NOT NULL DEFAULT 0,
    p2 INTEGER NOT NULL DEFAULT 0,
    p3 INTEGER NOT NULL DEFAULT 0,
    p4 INTEGER NOT NULL DEFAULT 0,
    p5 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, agency, procedure, criterion)
) WITHOUT ROWID;

CREATE INDEX stats_ratings_agency ON stats_ratings (agency, procedure, month);
CREATE INDEX stats_ratings_procedure ON stats_ratings (procedure, agency, month);

-- Set once the tables hold every dossier of the log: the first start after this migration counts
-- them from the log (working days need the holidays, which SQL does not know).
CREATE TABLE stats_counted (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    at INTEGER NOT NULL
);
