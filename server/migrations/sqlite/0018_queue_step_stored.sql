-- The current step's id and index as plain columns, written with `workflow` wherever the store
-- writes it (a dossier's insert and `apply_change`, the only two), in place of 0015's generated
-- ones: the SQLite the server bundles (3.46) computes a virtual column again from each row's JSON
-- even when an index holds it, so the queue's step list still decoded every open dossier's
-- workflow (4–6 ms at 400 open dossiers, most of a busy agency's queue at 2,000). Plain columns
-- are also what PostgreSQL will have.
DROP INDEX dossiers_queue_step;
DROP INDEX dossiers_queue_counts;
ALTER TABLE dossiers DROP COLUMN step_id;
ALTER TABLE dossiers DROP COLUMN step_index;
ALTER TABLE dossiers ADD COLUMN step_id TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN step_index INTEGER NOT NULL DEFAULT 0;
UPDATE dossiers SET
    step_id = json_extract(workflow, '$.steps[' || json_extract(workflow, '$.current') || '].step.id'),
    step_index = json_extract(workflow, '$.current');

CREATE INDEX dossiers_queue_step ON dossiers (holder, step_id, step_due) WHERE open = 1;
CREATE INDEX dossiers_queue_counts ON dossiers (holder, step_id, step_index, step_due) WHERE open = 1;
ANALYZE dossiers_queue;
ANALYZE dossiers_queue_step;
ANALYZE dossiers_queue_counts;
