-- How many open dossiers each agency holds at each step, by the day that step falls due (the empty
-- day for none): an officer's queue reads its totals, what is overdue or near its deadline and the
-- steps' counts from these few rows (one per day and step) rather than counting every open dossier
-- it holds for every look at it. Kept by the triggers below in the statement that moves a dossier;
-- a row left at nought is removed, so days past leave nothing behind.
CREATE TABLE queue_tallies (
    holder TEXT NOT NULL,
    step_due TEXT NOT NULL,
    step_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (holder, step_due, step_id)
) WITHOUT ROWID;

INSERT INTO queue_tallies (holder, step_due, step_id, n)
    SELECT holder, COALESCE(step_due, ''), step_id, COUNT(*) FROM dossiers
    WHERE open = 1 AND holder IS NOT NULL GROUP BY 1, 2, 3;

CREATE TRIGGER dossiers_queue_filed AFTER INSERT ON dossiers
    WHEN NEW.open = 1 AND NEW.holder IS NOT NULL
BEGIN
    INSERT INTO queue_tallies (holder, step_due, step_id, n)
        VALUES (NEW.holder, COALESCE(NEW.step_due, ''), NEW.step_id, 1)
        ON CONFLICT (holder, step_due, step_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER dossiers_queue_moved AFTER UPDATE OF open, holder, step_due, step_id ON dossiers
    WHEN OLD.open IS NOT NEW.open OR OLD.holder IS NOT NEW.holder
        OR OLD.step_due IS NOT NEW.step_due OR OLD.step_id IS NOT NEW.step_id
BEGIN
    UPDATE queue_tallies SET n = n - 1
        WHERE OLD.open = 1 AND holder = OLD.holder AND step_due = COALESCE(OLD.step_due, '')
            AND step_id = OLD.step_id;
    DELETE FROM queue_tallies
        WHERE holder = OLD.holder AND step_due = COALESCE(OLD.step_due, '') AND step_id = OLD.step_id
            AND n = 0;
    INSERT INTO queue_tallies (holder, step_due, step_id, n)
        SELECT NEW.holder, COALESCE(NEW.step_due, ''), NEW.step_id, 1
        WHERE NEW.open = 1 AND NEW.holder IS NOT NULL
        ON CONFLICT (holder, step_due, step_id) DO UPDATE SET n = n + 1;
END;
