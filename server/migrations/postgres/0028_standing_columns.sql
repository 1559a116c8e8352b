-- What a line of a list or a queue shows of a dossier's workflow, kept beside it and written with it
-- (store::dossiers): the day the work ended, which its timeliness is judged on, and the name of the
-- step it is at. A list parsed every row's whole workflow, a kilobyte of JSON, for these two.
ALTER TABLE dossiers ADD COLUMN done_on TEXT;
ALTER TABLE dossiers ADD COLUMN step_name TEXT NOT NULL DEFAULT '';
UPDATE dossiers SET
    done_on = json_extract(workflow, '$.done_on'),
    step_name = json_extract(workflow, '$.steps[' || step_index || '].step.name');
