-- PostgreSQL's 0024 adds the row's id to the end of the list and queue indexes, which SQLite's carry
-- already: nothing to do here, but the number is kept in step.
SELECT 1;
