-- How many open dossiers each agency holds at each step, by the day that step falls due (the empty
-- day for none): an officer's queue reads its totals, what is overdue or near its deadline and the
-- steps' counts from these few rows (one per day and step) rather than counting every open dossier
-- it holds for every look at it. Kept by the trigger below in the statement that moves a dossier;
-- a row left at nought is removed, so days past leave nothing behind.
CREATE TABLE queue_tallies (
    holder TEXT NOT NULL,
    step_due TEXT NOT NULL,
    step_id TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (holder, step_due, step_id)
);

INSERT INTO queue_tallies (holder, step_due, step_id, n)
    SELECT holder, COALESCE(step_due, ''), step_id, COUNT(*) FROM dossiers
    WHERE open = 1 AND holder IS NOT NULL GROUP BY 1, 2, 3;

CREATE FUNCTION motcua_queue_tallied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.open IS NOT DISTINCT FROM NEW.open AND OLD.holder IS NOT DISTINCT FROM NEW.holder
           AND OLD.step_due IS NOT DISTINCT FROM NEW.step_due
           AND OLD.step_id IS NOT DISTINCT FROM NEW.step_id THEN
            RETURN NULL;
        END IF;
        IF OLD.open = 1 AND OLD.holder IS NOT NULL THEN
            UPDATE queue_tallies SET n = n - 1
                WHERE holder = OLD.holder AND step_due = COALESCE(OLD.step_due, '')
                    AND step_id = OLD.step_id;
            DELETE FROM queue_tallies
                WHERE holder = OLD.holder AND step_due = COALESCE(OLD.step_due, '')
                    AND step_id = OLD.step_id AND n = 0;
        END IF;
    END IF;
    IF NEW.open = 1 AND NEW.holder IS NOT NULL THEN
        INSERT INTO queue_tallies (holder, step_due, step_id, n)
            VALUES (NEW.holder, COALESCE(NEW.step_due, ''), NEW.step_id, 1)
            ON CONFLICT (holder, step_due, step_id) DO UPDATE SET n = queue_tallies.n + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER dossiers_queue_tallied AFTER INSERT OR UPDATE OF open, holder, step_due, step_id
    ON dossiers FOR EACH ROW EXECUTE FUNCTION motcua_queue_tallied();
