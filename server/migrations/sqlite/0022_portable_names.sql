-- `only` is a reserved word in PostgreSQL: the one-row tables name their key `id`, as the others do,
-- so that the same SQL runs on both databases.
ALTER TABLE result_days_counted RENAME COLUMN only TO id;
ALTER TABLE stats_counted RENAME COLUMN only TO id;
