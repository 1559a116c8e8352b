-- Bumped by every import of the catalogue, in the same transaction: each copy of the server reads it
-- to know when to rebuild its in-memory index from the new catalogue.
CREATE TABLE catalogue_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);

INSERT INTO catalogue_version (id, version) VALUES (1, 0);
