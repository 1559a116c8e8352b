-- Investment projects: a verified company's project of a kind (a journey of the catalogue), the
-- dossiers filed as its steps, and how long each agency actually takes on each procedure.
CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    -- The company's tax code: its members see the project.
    company TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    commune TEXT NOT NULL,
    capital INTEGER NOT NULL,
    area INTEGER NOT NULL,
    description TEXT NOT NULL,
    -- The journey's optional steps that apply, as a JSON array of step ids.
    optional TEXT NOT NULL DEFAULT '[]',
    created_by INTEGER NOT NULL REFERENCES accounts (id),
    created_at INTEGER NOT NULL,
    -- A retried or doubled create carries the same key and finds the project it made.
    idempotency_key TEXT NOT NULL,
    UNIQUE (created_by, idempotency_key)
);

CREATE INDEX projects_company ON projects (company, created_at);

-- The project and step a dossier was filed for.
ALTER TABLE dossiers ADD COLUMN project TEXT REFERENCES projects (id);
ALTER TABLE dossiers ADD COLUMN project_step TEXT;

CREATE INDEX dossiers_project ON dossiers (project, project_step, received_at)
    WHERE project IS NOT NULL;
-- One live dossier per step: a refused or withdrawn one leaves the index, so the step can be filed
-- again, and two parallel filings of the same step cannot both be accepted.
CREATE UNIQUE INDEX dossiers_project_step_live ON dossiers (project, project_step)
    WHERE project IS NOT NULL AND status NOT IN ('refused', 'withdrawn');

-- Working days each agency took on each procedure over the last twelve months, from the event log,
-- recomputed in the background: the forecast reads these few rows, never the log.
CREATE TABLE procedure_durations (
    procedure TEXT NOT NULL,
    agency TEXT NOT NULL,
    samples INTEGER NOT NULL,
    median INTEGER NOT NULL,
    p80 INTEGER NOT NULL,
    computed_at INTEGER NOT NULL,
    PRIMARY KEY (procedure, agency)
);

-- The results of a period, which the figures are computed from, and the supplement requests and
-- answers before each: both read from these small indexes, never from the log's rows.
CREATE INDEX dossier_events_results ON dossier_events (at, dossier) WHERE kind = 'result_ready';
CREATE INDEX dossier_events_supplements ON dossier_events (dossier, id, kind, at)
    WHERE kind IN ('supplement_requested', 'supplemented');

-- The kinds of project and the procedures each goes through: replaced with the catalogue, like the
-- workflows.
CREATE TABLE journeys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL
);
