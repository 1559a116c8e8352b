-- A SQLite index ends with the row's id; a PostgreSQL one does not. The lists and the queue order by
-- the row's id after their date, so without it here PostgreSQL sorted every match of a page's
-- filter (a company's 50,000 dossiers for each page of its list): now each reads its page in order.
DROP INDEX dossiers_owner;
CREATE INDEX dossiers_owner ON dossiers (owner, received_at, rowid);
DROP INDEX dossiers_owner_status;
CREATE INDEX dossiers_owner_status ON dossiers (owner, status, received_at, rowid);
DROP INDEX dossiers_company;
CREATE INDEX dossiers_company ON dossiers (company, received_at, rowid) WHERE company IS NOT NULL;
DROP INDEX dossiers_company_status;
CREATE INDEX dossiers_company_status ON dossiers (company, status, received_at, rowid)
    WHERE company IS NOT NULL;
DROP INDEX dossiers_personal;
CREATE INDEX dossiers_personal ON dossiers (owner, received_at, rowid) WHERE company IS NULL;
DROP INDEX dossiers_queue;
CREATE INDEX dossiers_queue ON dossiers (holder, step_due, rowid) WHERE open = 1;
DROP INDEX dossiers_queue_step;
CREATE INDEX dossiers_queue_step ON dossiers (holder, step_id, step_due, rowid) WHERE open = 1;
DROP INDEX dossiers_owner_company;
CREATE INDEX dossiers_owner_company ON dossiers (owner, company, rowid) WHERE company IS NOT NULL;
