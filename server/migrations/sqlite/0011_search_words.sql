-- How people ask: the catalogue's own synonyms and fillers (one row, replaced with the catalogue),
-- the synonyms officers of the catalogue agency add, what searches found nothing, and how often
-- each procedure is looked at. None of it names who searched or looked.
CREATE TABLE search_words (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL
);

CREATE TABLE synonyms (
    id INTEGER PRIMARY KEY,
    say TEXT NOT NULL,
    mean TEXT NOT NULL,
    -- Folded, so "Sổ hồng" and "so hong" are one synonym.
    say_key TEXT NOT NULL,
    mean_key TEXT NOT NULL,
    added_by INTEGER NOT NULL REFERENCES accounts (id),
    added_at INTEGER NOT NULL,
    UNIQUE (say_key, mean_key)
);

CREATE TABLE search_misses (
    query TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    last_at INTEGER NOT NULL
);
CREATE INDEX search_misses_by_count ON search_misses (count DESC, last_at DESC);

CREATE TABLE procedure_views (
    code TEXT PRIMARY KEY,
    views INTEGER NOT NULL
);
