-- How many dossiers each owner has for each company (the empty name for none) in each status, and
-- each company in each status: "my dossiers" reads its total from these few rows rather than
-- counting a company's every dossier for every page. Kept by the triggers below in the statement
-- that changes a dossier, so no path that files or moves one can leave them behind.
CREATE TABLE dossier_tallies (
    owner INTEGER NOT NULL,
    company TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (owner, company, status)
) WITHOUT ROWID;

CREATE TABLE company_tallies (
    company TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (company, status)
) WITHOUT ROWID;

INSERT INTO dossier_tallies (owner, company, status, n)
    SELECT owner, COALESCE(company, ''), status, COUNT(*) FROM dossiers GROUP BY 1, 2, 3;
INSERT INTO company_tallies (company, status, n)
    SELECT company, status, COUNT(*) FROM dossiers WHERE company IS NOT NULL GROUP BY 1, 2;

CREATE TRIGGER dossiers_tally_filed AFTER INSERT ON dossiers BEGIN
    INSERT INTO dossier_tallies (owner, company, status, n)
        VALUES (NEW.owner, COALESCE(NEW.company, ''), NEW.status, 1)
        ON CONFLICT (owner, company, status) DO UPDATE SET n = n + 1;
    INSERT INTO company_tallies (company, status, n)
        SELECT NEW.company, NEW.status, 1 WHERE NEW.company IS NOT NULL
        ON CONFLICT (company, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER dossiers_tally_moved AFTER UPDATE OF status, company ON dossiers
    WHEN OLD.status IS NOT NEW.status OR OLD.company IS NOT NEW.company
BEGIN
    UPDATE dossier_tallies SET n = n - 1
        WHERE owner = OLD.owner AND company = COALESCE(OLD.company, '') AND status = OLD.status;
    INSERT INTO dossier_tallies (owner, company, status, n)
        VALUES (NEW.owner, COALESCE(NEW.company, ''), NEW.status, 1)
        ON CONFLICT (owner, company, status) DO UPDATE SET n = n + 1;
    UPDATE company_tallies SET n = n - 1 WHERE company = OLD.company AND status = OLD.status;
    INSERT INTO company_tallies (company, status, n)
        SELECT NEW.company, NEW.status, 1 WHERE NEW.company IS NOT NULL
        ON CONFLICT (company, status) DO UPDATE SET n = n + 1;
END;
