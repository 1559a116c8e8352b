-- As SQLite's 0025: each owner's dossiers by company ('' for none) and status, and each company's by
-- status, kept by a trigger in the statement that files or moves a dossier, so "my dossiers" reads its
-- total from a few rows rather than counting a company's every dossier for every page.
CREATE TABLE dossier_tallies (
    owner BIGINT NOT NULL,
    company TEXT NOT NULL,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (owner, company, status)
);

CREATE TABLE company_tallies (
    company TEXT NOT NULL,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (company, status)
);

INSERT INTO dossier_tallies (owner, company, status, n)
    SELECT owner, COALESCE(company, ''), status, COUNT(*) FROM dossiers GROUP BY 1, 2, 3;
INSERT INTO company_tallies (company, status, n)
    SELECT company, status, COUNT(*) FROM dossiers WHERE company IS NOT NULL GROUP BY 1, 2;

CREATE FUNCTION motcua_dossier_tallied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.status IS NOT DISTINCT FROM NEW.status
           AND OLD.company IS NOT DISTINCT FROM NEW.company THEN
            RETURN NULL;
        END IF;
        UPDATE dossier_tallies SET n = n - 1
            WHERE owner = OLD.owner AND company = COALESCE(OLD.company, '') AND status = OLD.status;
        UPDATE company_tallies SET n = n - 1 WHERE company = OLD.company AND status = OLD.status;
    END IF;
    INSERT INTO dossier_tallies (owner, company, status, n)
        VALUES (NEW.owner, COALESCE(NEW.company, ''), NEW.status, 1)
        ON CONFLICT (owner, company, status) DO UPDATE SET n = dossier_tallies.n + 1;
    IF NEW.company IS NOT NULL THEN
        INSERT INTO company_tallies (company, status, n) VALUES (NEW.company, NEW.status, 1)
            ON CONFLICT (company, status) DO UPDATE SET n = company_tallies.n + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER dossiers_tallied AFTER INSERT OR UPDATE OF status, company ON dossiers
    FOR EACH ROW EXECUTE FUNCTION motcua_dossier_tallied();
