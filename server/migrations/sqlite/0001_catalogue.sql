-- The procedure catalogue. Each row keeps the whole record as JSON, with the columns queries and
-- integrity need beside it; `position` keeps the order of the data files.
CREATE TABLE levels (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    data TEXT NOT NULL
);

CREATE TABLE fields (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    data TEXT NOT NULL
);

CREATE TABLE agencies (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    code TEXT NOT NULL UNIQUE,
    level TEXT NOT NULL REFERENCES levels (id),
    data TEXT NOT NULL
);

CREATE TABLE procedures (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    field TEXT NOT NULL REFERENCES fields (id),
    agency TEXT NOT NULL REFERENCES agencies (id),
    level TEXT NOT NULL REFERENCES levels (id),
    online TEXT NOT NULL,
    data TEXT NOT NULL
);

CREATE INDEX procedures_field ON procedures (field);
CREATE INDEX procedures_agency ON procedures (agency);
