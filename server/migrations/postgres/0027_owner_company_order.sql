-- A member's own dossiers filed for a company they have left are read, one such company at a time,
-- newest first (store::dossiers::list_dossiers): the index gives them in that order, ties by row.
DROP INDEX dossiers_owner_company;
CREATE INDEX dossiers_owner_company ON dossiers (owner, company, received_at, rowid) WHERE company IS NOT NULL;
