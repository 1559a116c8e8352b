-- A member's own dossiers filed for a company they have left are read, one such company at a time,
-- newest first (store::dossiers::list_dossiers): the index gives them in that order.
DROP INDEX dossiers_owner_company;
CREATE INDEX dossiers_owner_company ON dossiers (owner, company, received_at) WHERE company IS NOT NULL;
