-- The officer queue's step list and step filter read the current step from indexes, not from each
-- open dossier's workflow JSON. The columns are computed from `workflow`, so it stays the one record
-- of where a dossier is and no writer can let them drift from it (PostgreSQL has the same as STORED
-- generated columns over jsonb).
ALTER TABLE dossiers ADD COLUMN step_id TEXT
    GENERATED ALWAYS AS (
        json_extract(workflow, '$.steps[' || json_extract(workflow, '$.current') || '].step.id')
    ) VIRTUAL;
ALTER TABLE dossiers ADD COLUMN step_index INTEGER
    GENERATED ALWAYS AS (json_extract(workflow, '$.current')) VIRTUAL;

-- A step's page, in the queue's order (ties by rowid, which every index carries last).
CREATE INDEX dossiers_queue_step ON dossiers (holder, step_id, step_due) WHERE open = 1;
-- The step list (each step's count and where it comes in the workflows), and every count over the
-- queue or a step, from this index alone.
CREATE INDEX dossiers_queue_counts ON dossiers (holder, step_id, step_index, step_due) WHERE open = 1;
-- A database analysed before (a bulk load is) has statistics for `dossiers_queue` only: the planner
-- would then judge the new indexes by its defaults and sort a page's candidates on one of them
-- rather than walk `dossiers_queue` in order. These partial indexes hold only the open dossiers, so
-- measuring them is quick; an empty database gets no statistics, as before.
ANALYZE dossiers_queue;
ANALYZE dossiers_queue_step;
ANALYZE dossiers_queue_counts;
