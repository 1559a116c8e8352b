-- How long each result took, counted per day it came, so the hourly computation of how long
-- agencies take adds only the results since the last one and drops the days that left the year,
-- instead of reading a year of the log. A result is final: its dossier's procedure, agency and
-- received time never change, and the log before it is append-only.
CREATE TABLE result_days (
    -- The Julian day, in Vietnam, the result came.
    day INTEGER NOT NULL,
    procedure TEXT NOT NULL,
    agency TEXT NOT NULL,
    -- The working days taken, less the supplement pauses.
    taken INTEGER NOT NULL,
    results INTEGER NOT NULL,
    PRIMARY KEY (day, procedure, agency, taken)
) WITHOUT ROWID;

-- What `result_days` holds: the results in the log up to event `through_event` that came by
-- `through_at` (a later one may be written dated earlier, an earlier one dated later), counted by
-- the working days of `calendar`: other holidays would change every duration.
CREATE TABLE result_days_counted (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    through_event INTEGER NOT NULL,
    through_at INTEGER NOT NULL,
    calendar TEXT NOT NULL
);
