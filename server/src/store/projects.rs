//! Projects: a verified company's investment project, and the dossiers filed as its steps (read
//! through the `dossiers_project` index, never by scanning dossiers).

use super::{numbered, placeholders};
use std::collections::HashMap;

use motcua_api::calendar::Date;
use motcua_api::company::MemberRole;
use motcua_api::dossier::UploadInfo;
use motcua_api::lifecycle::Status;
use motcua_api::project::{Finish, WaitingOn};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::dossiers::EventData;
use super::{date, one_at_a_time, parse, status, to_json, Store};
use crate::lifecycle::Progress;

/// A project as stored.
#[derive(Debug, Clone)]
pub struct ProjectRow {
    pub id: String,
    pub company: String,
    pub kind: String,
    pub name: String,
    pub commune: String,
    pub capital: u64,
    pub area: u64,
    pub description: String,
    /// The journey's optional steps that apply.
    pub optional: Vec<String>,
    pub created_at: i64,
}

/// What creating a project stores.
pub struct NewProject<'a> {
    pub id: &'a str,
    pub company: &'a str,
    pub kind: &'a str,
    pub name: &'a str,
    pub commune: &'a str,
    pub capital: u64,
    pub area: u64,
    pub description: &'a str,
    pub optional: &'a [String],
    pub created_by: i64,
    pub created_at: i64,
    pub idempotency_key: &'a str,
}

/// What a create came to.
pub enum Created {
    /// The project made now.
    New(ProjectRow),
    /// The one an earlier request with the same key made.
    Found(ProjectRow),
    /// The company has as many projects as it may.
    TooMany,
}

/// A dossier filed as a step of a project, with what the project's page shows of it.
#[derive(Debug, Clone)]
pub struct StepDossierRow {
    pub code: String,
    pub step: String,
    pub procedure: String,
    /// The office it was filed at.
    pub agency: String,
    pub status: Status,
    pub received_at: i64,
    pub due_date: Date,
    pub owner: i64,
    pub progress: Progress,
}

/// What a step's dossier's event log says that the project shows: when it last moved, and its
/// result.
#[derive(Debug, Clone, Default)]
pub struct DossierMarks {
    pub last_at: i64,
    pub result: Option<ResultMark>,
}

#[derive(Debug, Clone)]
pub struct ResultMark {
    pub at: i64,
    pub number: String,
    pub files: Vec<UploadInfo>,
}

/// The part of a project's list line its dossiers make, as stored in `projects.summary`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListLine {
    pub done: u32,
    pub steps: u32,
    pub waiting_on: Vec<WaitingOn>,
    pub finish: Finish,
}

/// A project of a list page, with its stored line and what the line was computed from; `line` is
/// `None` when one of its dossiers changed since.
pub struct ListedProject {
    pub project: ProjectRow,
    /// How many times its dossiers have changed: a line is written back only at the same count.
    pub revision: i64,
    pub line: Option<StoredLine>,
}

pub struct StoredLine {
    pub line: ListLine,
    /// The day it was computed for.
    pub day: Date,
    /// The durations' stamp ([`crate::projects::history::DurationsCache::computed_at`]) it used.
    pub durations: i64,
}

/// Where a page of projects starts: after the project created at this time with this id.
pub struct After<'a> {
    pub created_at: i64,
    pub id: &'a str,
}

/// The companies an account has joined, as a subquery binding the account.
const MEMBER_OF: &str =
    "SELECT tax_code FROM company_members WHERE account = ? AND accepted_at IS NOT NULL";

const PROJECT_COLUMNS: &str = "id, company, kind, name, commune, capital, area, description, \
     optional, created_at";

fn project_row(r: &AnyRow) -> anyhow::Result<ProjectRow> {
    Ok(ProjectRow {
        id: r.try_get("id")?,
        company: r.try_get("company")?,
        kind: r.try_get("kind")?,
        name: r.try_get("name")?,
        commune: r.try_get("commune")?,
        capital: r.try_get::<i64, _>("capital")? as u64,
        area: r.try_get::<i64, _>("area")? as u64,
        description: r.try_get("description")?,
        optional: parse(r.try_get("optional")?)?,
        created_at: r.try_get("created_at")?,
    })
}

const STEP_DOSSIER_COLUMNS: &str =
    "code, project, project_step, procedure, agency, status, received_at, due_date, owner, workflow";

fn step_dossier(r: &AnyRow) -> anyhow::Result<(String, StepDossierRow)> {
    Ok((
        r.try_get("project")?,
        StepDossierRow {
            code: r.try_get("code")?,
            step: r.try_get("project_step")?,
            procedure: r.try_get("procedure")?,
            agency: r.try_get("agency")?,
            status: status(r.try_get("status")?)?,
            received_at: r.try_get("received_at")?,
            due_date: date(r.try_get("due_date")?)?,
            owner: r.try_get("owner")?,
            progress: parse(r.try_get("workflow")?)?,
        },
    ))
}

/// A project as an account sees it: with its company's name and the account's role in the
/// company (`None` unless a member).
pub struct ProjectFor {
    pub project: ProjectRow,
    pub company_name: String,
    pub role: Option<MemberRole>,
}

/// A step's dossier with the marks of its event log, read in the same statement: the last event's
/// time from the `dossier_events_dossier` index, the latest result by its id.
fn step_with_marks_sql(indexed: &str) -> String {
    format!(
        "SELECT d.code, d.project, d.project_step, d.procedure, d.agency, \
         d.status, d.received_at, d.due_date, d.owner, d.workflow, \
         COALESCE((SELECT MAX(e.at) FROM dossier_events e WHERE e.dossier = d.code), 0) AS last_at, \
         r.at AS result_at, r.data AS result \
         FROM dossiers d{indexed} \
         LEFT JOIN dossier_events r ON r.id = (SELECT MAX(e.id) FROM dossier_events e \
         WHERE e.dossier = d.code AND e.kind = 'result_ready')"
    )
}

fn step_with_marks(r: &AnyRow) -> anyhow::Result<(String, (StepDossierRow, DossierMarks))> {
    let (project, row) = step_dossier(r)?;
    let result = match r.try_get::<Option<&str>, _>("result")? {
        Some(data) => {
            let data: EventData = parse(data)?;
            Some(ResultMark {
                at: r.try_get("result_at")?,
                number: data.number,
                files: data.files,
            })
        }
        None => None,
    };
    let marks = DossierMarks {
        last_at: r.try_get("last_at")?,
        result,
    };
    Ok((project, (row, marks)))
}

/// Ids bound at once in an `IN (…)`: far below SQLite's limit on variables.
const CHUNK: usize = 500;

/// Whether an error is the refusal of a second live dossier for the same step
/// (`dossiers_project_step_live`), as two filings at once meet it.
pub fn is_step_taken(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<sqlx::Error>(),
            Some(sqlx::Error::Database(d))
                if d.is_unique_violation()
                    && (d.constraint() == Some("dossiers_project_step_live")
                        || d.message().contains("dossiers.project"))
        )
    })
}

impl Store {
    /// Stores a project unless the company has `limit` already, in one statement so that parallel
    /// creates cannot pass the limit together; a create with a key already used finds its project.
    pub async fn create_project(
        &self,
        new: &NewProject<'_>,
        limit: u64,
    ) -> anyhow::Result<Created> {
        let mut tx = self.write().await?;
        one_at_a_time(&mut tx, &format!("projects {}", new.company)).await?;
        let inserted = sqlx::query(
            "INSERT INTO projects (id, company, kind, name, commune, capital, area, description, \
             optional, created_by, created_at, idempotency_key) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 \
             WHERE (SELECT COUNT(*) FROM projects WHERE company = $13) < $14 \
             ON CONFLICT (created_by, idempotency_key) DO NOTHING",
        )
        .bind(new.id)
        .bind(new.company)
        .bind(new.kind)
        .bind(new.name)
        .bind(new.commune)
        .bind(new.capital as i64)
        .bind(new.area as i64)
        .bind(new.description)
        .bind(to_json(&new.optional)?)
        .bind(new.created_by)
        .bind(new.created_at)
        .bind(new.idempotency_key)
        .bind(new.company)
        .bind(limit as i64)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        if inserted.rows_affected() == 1 {
            let row = self
                .project(new.id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("project {} vanished", new.id))?;
            return Ok(Created::New(row));
        }
        Ok(
            match self
                .project_by_key(new.created_by, new.idempotency_key)
                .await?
            {
                Some(row) => Created::Found(row),
                None => Created::TooMany,
            },
        )
    }

    pub async fn project(&self, id: &str) -> anyhow::Result<Option<ProjectRow>> {
        sqlx::query(&numbered(&format!(
            "SELECT {PROJECT_COLUMNS} FROM projects WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| project_row(&r))
        .transpose()
    }

    pub async fn project_by_key(
        &self,
        created_by: i64,
        key: &str,
    ) -> anyhow::Result<Option<ProjectRow>> {
        sqlx::query(&numbered(&format!(
            "SELECT {PROJECT_COLUMNS} FROM projects WHERE created_by = ? AND idempotency_key = ?"
        )))
        .bind(created_by)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| project_row(&r))
        .transpose()
    }

    /// The project, its company's name and `account`'s role in that company, in one statement.
    pub async fn project_for(
        &self,
        id: &str,
        account: Option<i64>,
    ) -> anyhow::Result<Option<ProjectFor>> {
        let Some(r) = sqlx::query(&numbered(&format!(
            "SELECT {PROJECT_COLUMNS}, \
             COALESCE((SELECT c.name FROM companies c WHERE c.tax_code = p.company), '') \
             AS company_name, \
             (SELECT m.role FROM company_members m WHERE m.tax_code = p.company \
             AND m.account = ? AND m.accepted_at IS NOT NULL) AS role \
             FROM projects p WHERE p.id = ?"
        )))
        .bind(account)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let role = r
            .try_get::<Option<&str>, _>("role")?
            .map(|s| MemberRole::parse(s).ok_or_else(|| anyhow::anyhow!("unknown member role {s}")))
            .transpose()?;
        Ok(Some(ProjectFor {
            project: project_row(&r)?,
            company_name: r.try_get("company_name")?,
            role,
        }))
    }

    /// A page of the projects of every company `account` has joined, newest first, from `after`,
    /// with their stored lines: one statement.
    pub async fn account_projects(
        &self,
        account: i64,
        after: Option<After<'_>>,
        limit: u32,
    ) -> anyhow::Result<Vec<ListedProject>> {
        let from = if after.is_some() {
            " AND (created_at < ? OR (created_at = ? AND id > ?))"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {PROJECT_COLUMNS}, revision, summary, summary_day, summary_durations \
             FROM projects WHERE company IN ({MEMBER_OF}){from} \
             ORDER BY created_at DESC, id LIMIT ?"
        );
        let sql = numbered(&sql);
        let mut q = sqlx::query(&sql).bind(account);
        if let Some(after) = &after {
            q = q
                .bind(after.created_at)
                .bind(after.created_at)
                .bind(after.id);
        }
        q.bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let line = match r.try_get::<Option<&str>, _>("summary")? {
                    Some(line) => Some(StoredLine {
                        line: parse(line)?,
                        day: date(r.try_get("summary_day")?)?,
                        durations: r.try_get("summary_durations")?,
                    }),
                    None => None,
                };
                Ok(ListedProject {
                    project: project_row(r)?,
                    revision: r.try_get("revision")?,
                    line,
                })
            })
            .collect()
    }

    /// Stores projects' lines, each `(id, revision, line)` only if none of the project's dossiers
    /// changed since `revision`: a line made from what a change made stale is dropped.
    pub async fn store_list_lines(
        &self,
        lines: &[(&str, i64, &ListLine)],
        day: Date,
        durations: i64,
    ) -> anyhow::Result<()> {
        if lines.is_empty() {
            return Ok(());
        }
        let mut tx = self.write().await?;
        for (id, revision, line) in lines {
            sqlx::query(
                "UPDATE projects SET summary = $1, summary_day = $2, summary_durations = $3 \
                 WHERE id = $4 AND revision = $5",
            )
            .bind(to_json(line)?)
            .bind(day.to_string())
            .bind(durations)
            .bind(*id)
            .bind(*revision)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every dossier filed for the projects with its marks, each step's in the order received, by
    /// project: one statement per [`CHUNK`] projects.
    pub async fn project_steps(
        &self,
        projects: &[&str],
    ) -> anyhow::Result<HashMap<String, Vec<(StepDossierRow, DossierMarks)>>> {
        let mut by_project: HashMap<String, Vec<(StepDossierRow, DossierMarks)>> = HashMap::new();
        for chunk in projects.chunks(CHUNK) {
            let sql = format!(
                "{} WHERE d.project IN ({}) \
                 ORDER BY d.project, d.project_step, d.received_at, d.rowid",
                step_with_marks_sql(&self.indexed_by("dossiers_project")),
                placeholders(chunk.len())
            );
            let sql = numbered(&sql);
            let mut q = sqlx::query(&sql);
            for p in chunk {
                q = q.bind(*p);
            }
            for r in q.fetch_all(&self.pool).await? {
                let (project, row) = step_with_marks(&r)?;
                by_project.entry(project).or_default().push(row);
            }
        }
        Ok(by_project)
    }

    /// The projects, by id, each with its revision: moved on by every change to one of its dossiers.
    pub async fn projects(&self, ids: &[&str]) -> anyhow::Result<Vec<(ProjectRow, i64)>> {
        let mut rows = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT {PROJECT_COLUMNS}, revision FROM projects WHERE id IN ({})",
                placeholders(chunk.len())
            );
            let sql = numbered(&sql);
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            for r in q.fetch_all(&self.pool).await? {
                rows.push((project_row(&r)?, r.try_get("revision")?));
            }
        }
        Ok(rows)
    }

    /// Every dossier filed for the projects, each step's in the order received, by project.
    pub async fn project_dossiers(
        &self,
        projects: &[&str],
    ) -> anyhow::Result<HashMap<String, Vec<StepDossierRow>>> {
        let mut by_project: HashMap<String, Vec<StepDossierRow>> = HashMap::new();
        for chunk in projects.chunks(CHUNK) {
            let sql = format!(
                "SELECT {STEP_DOSSIER_COLUMNS} FROM dossiers{} \
                 WHERE project IN ({}) ORDER BY project, project_step, received_at, rowid",
                self.indexed_by("dossiers_project"),
                placeholders(chunk.len())
            );
            let sql = numbered(&sql);
            let mut q = sqlx::query(&sql);
            for p in chunk {
                q = q.bind(*p);
            }
            for r in q.fetch_all(&self.pool).await? {
                let (project, row) = step_dossier(&r)?;
                by_project.entry(project).or_default().push(row);
            }
        }
        Ok(by_project)
    }

    /// The codes of a project's dossiers, for a live stream to know which changes are its.
    pub async fn project_dossier_codes(&self, project: &str) -> anyhow::Result<Vec<String>> {
        let sql = format!(
            "SELECT code FROM dossiers{} WHERE project = $1",
            self.indexed_by("dossiers_project")
        );
        Ok(sqlx::query_scalar(&sql)
            .bind(project)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The project and step of each of the dossiers that has one (looked up by code).
    pub async fn projects_of(
        &self,
        codes: &[&str],
    ) -> anyhow::Result<Vec<(String, String, String)>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT code, project, project_step FROM dossiers \
             WHERE code IN ({}) AND project IS NOT NULL",
            placeholders(codes.len())
        );
        let sql = numbered(&sql);
        let mut q = sqlx::query(&sql);
        for c in codes {
            q = q.bind(*c);
        }
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("code")?,
                    r.try_get("project")?,
                    r.try_get("project_step")?,
                ))
            })
            .collect()
    }
}
