-- The holiday calendar (days off and make-up Saturdays per year), online form definitions (one per procedure that can be submitted online) and the administrative
-- units address fields choose from; both are replaced with the catalogue.
CREATE TABLE forms (
    procedure TEXT PRIMARY KEY REFERENCES procedures (code) ON DELETE CASCADE,
    data TEXT NOT NULL
);

CREATE TABLE places (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL
);

CREATE TABLE holidays (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL
);
