-- Each project's line in its companies' list, kept so that a list reads one row a project instead
-- of every step's dossier: what its dossiers say (steps done, what it waits on, when it can finish)
-- as JSON, with the day it was computed for (lateness, and steps not filed yet start today) and the
-- stamp of the durations it used. NULL once one of its dossiers changes. `revision` counts those
-- changes: a line computed from dossiers read before a change is not written back after it.
ALTER TABLE projects ADD COLUMN summary TEXT;
ALTER TABLE projects ADD COLUMN summary_day TEXT;
ALTER TABLE projects ADD COLUMN summary_durations INTEGER;
ALTER TABLE projects ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- Every event is written in the transaction that inserts or updates its dossier's row (filing,
-- officers' actions, the overdue sweep, withdrawals, supplements, payments, bulk generation), so
-- the row is where every change shows.
CREATE TRIGGER dossiers_project_filed AFTER INSERT ON dossiers
WHEN NEW.project IS NOT NULL
BEGIN
    UPDATE projects SET summary = NULL, revision = revision + 1 WHERE id = NEW.project;
END;

CREATE TRIGGER dossiers_project_moved AFTER UPDATE ON dossiers
WHEN NEW.project IS NOT NULL OR OLD.project IS NOT NULL
BEGIN
    UPDATE projects SET summary = NULL, revision = revision + 1
    WHERE id IN (OLD.project, NEW.project);
END;

-- The catalogue (journeys, procedures' legal days, offices, holidays, names) is replaced whole, at
-- start, with its journeys: every line was made from the old one.
CREATE TRIGGER journeys_replaced AFTER INSERT ON journeys
BEGIN
    UPDATE projects SET summary = NULL WHERE summary IS NOT NULL;
END;
