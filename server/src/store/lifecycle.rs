//! Dossiers after submission: their state, the event log, who opened them, the inbox, ratings and
//! failed public lookups.

use std::collections::BTreeMap;

use motcua_api::dossier::{Receipt, UploadInfo};
use motcua_api::lifecycle::{Distribution, EventKind, Role, Status};
use motcua_api::Text;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};

use super::{to_json, Store};
use crate::lifecycle::Progress;

/// A dossier as stored.
pub struct DossierRow {
    pub code: String,
    pub owner: i64,
    pub company: Option<String>,
    pub status: Status,
    pub version: u32,
    pub due_date: String,
    pub check_phone: String,
    pub check_id: String,
    pub applicant: String,
    pub progress: Progress,
    pub receipt: Receipt,
}

/// What an event carries beside its kind, as stored in its `data` column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventData {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<UploadInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_date: Option<String>,
}

pub struct EventRow {
    pub id: i64,
    pub at: i64,
    pub kind: EventKind,
    pub status: Status,
    pub step: String,
    pub agency: String,
    pub role: Role,
    pub data: EventData,
}

pub struct AccessRow {
    pub at: i64,
    pub agency: String,
    pub role: Role,
    pub file: String,
}

/// A message to the dossier's owner, and the mail that carries it when they gave an address.
pub struct NewNotification {
    pub account: i64,
    pub kind: EventKind,
    pub title: Text,
    pub body: Text,
    pub email: Option<Mail>,
}

pub struct Mail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// One change to a dossier, applied whole or not at all.
pub struct Change<'a> {
    pub code: &'a str,
    /// The version the actor saw: a dossier changed since is left alone.
    pub version: u32,
    pub status: Status,
    pub due_date: &'a str,
    pub progress: &'a Progress,
    pub event: NewEvent<'a>,
    /// Files (uploaded by `actor`) that become part of the dossier.
    pub files: &'a [String],
    pub notification: Option<NewNotification>,
    pub overdue_notified: bool,
}

pub struct NewEvent<'a> {
    pub at: i64,
    pub kind: EventKind,
    pub step: &'a str,
    pub agency: &'a str,
    pub role: Role,
    pub account: Option<i64>,
    pub data: &'a EventData,
}

/// One line of "my dossiers" or a queue.
pub struct SummaryRow {
    pub code: String,
    pub procedure: String,
    pub status: Status,
    pub received_at: i64,
    pub due_date: String,
    pub step_due: String,
    pub applicant: String,
    pub progress: Progress,
}

/// Whose dossiers a list shows.
pub enum Owner<'a> {
    Account(i64),
    Company(&'a str),
}

enum Key {
    Id(i64),
    Text(String),
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

impl Key {
    fn bind<'q>(&self, q: Query<'q>) -> Query<'q> {
        match self {
            Key::Id(id) => q.bind(*id),
            Key::Text(s) => q.bind(s.clone()),
        }
    }
}

pub struct NotificationRow {
    pub id: i64,
    pub at: i64,
    pub dossier: String,
    pub kind: EventKind,
    pub title: Text,
    pub body: Text,
    pub read: bool,
}

pub struct RatingRow {
    pub overall: u8,
    pub criteria: BTreeMap<String, u8>,
    pub comment: String,
    pub rated_at: i64,
}

fn parse<T: for<'de> Deserialize<'de>>(s: &str) -> anyhow::Result<T> {
    Ok(serde_json::from_str(s)?)
}

fn status(s: &str) -> anyhow::Result<Status> {
    Status::parse(s).ok_or_else(|| anyhow::anyhow!("unknown status {s}"))
}

/// Enum names as the JSON strings serde writes for them.
fn enum_id<T: Serialize>(v: T) -> anyhow::Result<String> {
    match serde_json::to_value(v)? {
        serde_json::Value::String(s) => Ok(s),
        other => anyhow::bail!("not a plain enum: {other}"),
    }
}

fn enum_parse<T: for<'de> Deserialize<'de>>(s: &str) -> anyhow::Result<T> {
    Ok(serde_json::from_value(serde_json::Value::String(
        s.to_string(),
    ))?)
}

const SUMMARY_COLUMNS: &str =
    "code, procedure, status, received_at, due_date, step_due, applicant, workflow";

fn summary(r: &sqlx::sqlite::SqliteRow) -> anyhow::Result<SummaryRow> {
    Ok(SummaryRow {
        code: r.try_get("code")?,
        procedure: r.try_get("procedure")?,
        status: status(r.try_get("status")?)?,
        received_at: r.try_get("received_at")?,
        due_date: r.try_get("due_date")?,
        step_due: r
            .try_get::<Option<String>, _>("step_due")?
            .unwrap_or_default(),
        applicant: r.try_get("applicant")?,
        progress: parse(r.try_get("workflow")?)?,
    })
}

/// Writes an event; the table's triggers refuse any later change to it.
pub async fn insert_event(
    conn: &mut SqliteConnection,
    code: &str,
    status: Status,
    e: &NewEvent<'_>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO dossier_events (dossier, at, kind, status, step, agency, role, account, data) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(code)
    .bind(e.at)
    .bind(enum_id(e.kind)?)
    .bind(status.id())
    .bind(e.step)
    .bind(e.agency)
    .bind(enum_id(e.role)?)
    .bind(e.account)
    .bind(to_json(e.data)?)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    pub async fn dossier_row(&self, code: &str) -> anyhow::Result<Option<DossierRow>> {
        let row = sqlx::query(
            "SELECT code, owner, company, status, version, due_date, check_phone, check_id, \
             applicant, workflow, data FROM dossiers WHERE code = ?",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(DossierRow {
                code: r.try_get("code")?,
                owner: r.try_get("owner")?,
                company: r.try_get("company")?,
                status: status(r.try_get("status")?)?,
                version: r.try_get::<i64, _>("version")? as u32,
                due_date: r.try_get("due_date")?,
                check_phone: r.try_get("check_phone")?,
                check_id: r.try_get("check_id")?,
                applicant: r.try_get("applicant")?,
                progress: parse(r.try_get("workflow")?)?,
                receipt: parse(r.try_get("data")?)?,
            })
        })
        .transpose()
    }

    pub async fn events(&self, code: &str) -> anyhow::Result<Vec<EventRow>> {
        let rows = sqlx::query(
            "SELECT id, at, kind, status, step, agency, role, data FROM dossier_events \
             WHERE dossier = ? ORDER BY id",
        )
        .bind(code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(EventRow {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    kind: enum_parse(r.try_get("kind")?)?,
                    status: status(r.try_get("status")?)?,
                    step: r.try_get("step")?,
                    agency: r.try_get("agency")?,
                    role: enum_parse(r.try_get("role")?)?,
                    data: parse(r.try_get("data")?)?,
                })
            })
            .collect()
    }

    /// Applies a change if the dossier is still at the version the actor saw: the new state, the
    /// event, the files bound to the dossier, the notification and its mail — in one transaction.
    /// `false` when the dossier changed meanwhile (or a file was not the actor's to add).
    pub async fn apply_change(
        &self,
        change: Change<'_>,
        uploader: Option<i64>,
    ) -> anyhow::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE dossiers SET status = ?, version = version + 1, open = ?, holder = ?, \
             step_due = ?, due_date = ?, workflow = ?, \
             overdue_notified = MAX(overdue_notified, ?) WHERE code = ? AND version = ?",
        )
        .bind(change.status.id())
        .bind(!change.status.is_final())
        .bind(change.progress.holder())
        .bind(change.progress.step_due())
        .bind(change.due_date)
        .bind(to_json(change.progress)?)
        .bind(change.overdue_notified)
        .bind(change.code)
        .bind(change.version as i64)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        for id in change.files {
            let bound = sqlx::query(
                "UPDATE uploads SET dossier = ? WHERE id = ? AND owner = ? AND dossier IS NULL",
            )
            .bind(change.code)
            .bind(id)
            .bind(uploader)
            .execute(&mut *tx)
            .await?;
            if bound.rows_affected() != 1 {
                tx.rollback().await?;
                return Ok(false);
            }
        }
        insert_event(&mut tx, change.code, change.status, &change.event).await?;
        if let Some(n) = change.notification {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO notifications (account, dossier, kind, at, title, body) \
                 VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(n.account)
            .bind(change.code)
            .bind(enum_id(n.kind)?)
            .bind(change.event.at)
            .bind(to_json(&n.title)?)
            .bind(to_json(&n.body)?)
            .fetch_one(&mut *tx)
            .await?;
            if let Some(mail) = n.email {
                super::outbox::enqueue(
                    &mut tx,
                    &mail.recipient,
                    &mail.subject,
                    &mail.body,
                    Some(id),
                    change.event.at,
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Open dossiers past their due date whose owner has not been told yet.
    pub async fn newly_overdue(&self, today: &str, limit: u32) -> anyhow::Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT code FROM dossiers WHERE open = 1 AND overdue_notified = 0 AND due_date < ? \
             AND status NOT IN ('supplement_requested', 'result_ready') ORDER BY due_date LIMIT ?",
        )
        .bind(today)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn record_access(
        &self,
        code: &str,
        at: i64,
        account: i64,
        agency: &str,
        file: &str,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO dossier_access (dossier, at, account, agency, role, file) \
             VALUES (?, ?, ?, ?, 'officer', ?)",
        )
        .bind(code)
        .bind(at)
        .bind(account)
        .bind(agency)
        .bind(file)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn access(&self, code: &str) -> anyhow::Result<Vec<AccessRow>> {
        let rows = sqlx::query(
            "SELECT at, agency, role, file FROM dossier_access WHERE dossier = ? ORDER BY at DESC, rowid DESC",
        )
        .bind(code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AccessRow {
                    at: r.try_get("at")?,
                    agency: r.try_get("agency")?,
                    role: enum_parse(r.try_get("role")?)?,
                    file: r.try_get("file")?,
                })
            })
            .collect()
    }

    /// A file that is part of the dossier (a document, a supplement, a result), with its hash.
    pub async fn dossier_file(
        &self,
        code: &str,
        id: &str,
    ) -> anyhow::Result<Option<(UploadInfo, String)>> {
        let row = sqlx::query(
            "SELECT id, sha256, name, size, content_type FROM uploads WHERE id = ? AND dossier = ?",
        )
        .bind(id)
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok((
                UploadInfo {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    size: r.try_get::<i64, _>("size")? as u64,
                    content_type: r.try_get("content_type")?,
                },
                r.try_get("sha256")?,
            ))
        })
        .transpose()
    }

    /// A page of someone's dossiers, newest first, and how many there are in all. Ties are broken by
    /// rowid, which every SQLite index carries last, so the index alone gives the order (PostgreSQL
    /// would put the code in the index instead).
    pub async fn list_dossiers(
        &self,
        owner: Owner<'_>,
        status: Option<Status>,
        limit: u32,
        offset: u32,
    ) -> anyhow::Result<(Vec<SummaryRow>, u64)> {
        let (column, key) = match owner {
            Owner::Account(id) => ("owner", Key::Id(id)),
            Owner::Company(c) => ("company", Key::Text(c.to_string())),
        };
        let filter = if status.is_some() {
            " AND status = ?"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM dossiers WHERE {column} = ?{filter} \
             ORDER BY received_at DESC, rowid DESC LIMIT ? OFFSET ?"
        );
        let count_sql = format!("SELECT COUNT(*) FROM dossiers WHERE {column} = ?{filter}");
        let mut q = key.bind(sqlx::query(&sql));
        let mut count = key.bind(sqlx::query(&count_sql));
        if let Some(s) = status {
            q = q.bind(s.id());
            count = count.bind(s.id());
        }
        let rows = q.bind(limit).bind(offset).fetch_all(&self.pool).await?;
        let total: i64 = count.fetch_one(&self.pool).await?.try_get(0)?;
        Ok((
            rows.iter().map(summary).collect::<anyhow::Result<_>>()?,
            total as u64,
        ))
    }

    /// The open dossiers at an agency, nearest step deadline first, with how many there are, how
    /// many are past their step's deadline (before `today`) and how many fall due by `near`.
    pub async fn queue(
        &self,
        agency: &str,
        today: &str,
        near: &str,
        limit: u32,
    ) -> anyhow::Result<(Vec<SummaryRow>, u64, u64, u64)> {
        let rows = sqlx::query(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM dossiers WHERE holder = ? AND open = 1 \
             ORDER BY step_due, rowid LIMIT ?"
        ))
        .bind(agency)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let counts = sqlx::query(
            "SELECT COUNT(*) AS total, \
             COALESCE(SUM(step_due < ?), 0) AS overdue, \
             COALESCE(SUM(step_due >= ? AND step_due <= ?), 0) AS near \
             FROM dossiers WHERE holder = ? AND open = 1",
        )
        .bind(today)
        .bind(today)
        .bind(near)
        .bind(agency)
        .fetch_one(&self.pool)
        .await?;
        Ok((
            rows.iter().map(summary).collect::<anyhow::Result<_>>()?,
            counts.try_get::<i64, _>("total")? as u64,
            counts.try_get::<i64, _>("overdue")? as u64,
            counts.try_get::<i64, _>("near")? as u64,
        ))
    }

    pub async fn inbox(
        &self,
        account: i64,
        limit: u32,
    ) -> anyhow::Result<(Vec<NotificationRow>, u64)> {
        let rows = sqlx::query(
            "SELECT id, at, dossier, kind, title, body, read_at FROM notifications \
             WHERE account = ? ORDER BY id DESC LIMIT ?",
        )
        .bind(account)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let unread: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE account = ? AND read_at IS NULL",
        )
        .bind(account)
        .fetch_one(&self.pool)
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(NotificationRow {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    dossier: r.try_get("dossier")?,
                    kind: enum_parse(r.try_get("kind")?)?,
                    title: parse(r.try_get("title")?)?,
                    body: parse(r.try_get("body")?)?,
                    read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok((items, unread as u64))
    }

    pub async fn mark_read(&self, account: i64, up_to: i64, now: i64) -> anyhow::Result<()> {
        sqlx::query(
            "UPDATE notifications SET read_at = ? WHERE account = ? AND id <= ? AND read_at IS NULL",
        )
        .bind(now)
        .bind(account)
        .bind(up_to)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn rating(&self, code: &str) -> anyhow::Result<Option<RatingRow>> {
        let row = sqlx::query(
            "SELECT overall, criteria, comment, rated_at FROM ratings WHERE dossier = ?",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(RatingRow {
                overall: r.try_get::<i64, _>("overall")? as u8,
                criteria: parse(r.try_get("criteria")?)?,
                comment: r.try_get("comment")?,
                rated_at: r.try_get("rated_at")?,
            })
        })
        .transpose()
    }

    /// Records a first rating, or changes one made after `changeable_since`; `false` when a rating
    /// exists from before then.
    #[allow(clippy::too_many_arguments)]
    pub async fn put_rating(
        &self,
        code: &str,
        account: i64,
        agency: &str,
        procedure: &str,
        rating: &RatingRow,
        now: i64,
        changeable_since: i64,
    ) -> anyhow::Result<bool> {
        let done = sqlx::query(
            "INSERT INTO ratings (dossier, account, agency, procedure, overall, criteria, comment, \
             rated_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (dossier) DO UPDATE SET overall = excluded.overall, \
             criteria = excluded.criteria, comment = excluded.comment, updated_at = excluded.updated_at \
             WHERE ratings.rated_at >= ?",
        )
        .bind(code)
        .bind(account)
        .bind(agency)
        .bind(procedure)
        .bind(rating.overall as i64)
        .bind(to_json(&rating.criteria)?)
        .bind(&rating.comment)
        .bind(now)
        .bind(now)
        .bind(changeable_since)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ratings counted per point: overall, per agency, and per criterion.
    pub async fn satisfaction(
        &self,
    ) -> anyhow::Result<(
        Distribution,
        BTreeMap<String, Distribution>,
        BTreeMap<String, Distribution>,
    )> {
        let mut overall = Distribution::default();
        let mut agencies: BTreeMap<String, Distribution> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT agency, overall, COUNT(*) AS n FROM ratings GROUP BY agency, overall",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let point: i64 = r.try_get("overall")?;
            let n = r.try_get::<i64, _>("n")? as u64;
            add(&mut overall, point, n);
            add(agencies.entry(r.try_get("agency")?).or_default(), point, n);
        }
        let mut criteria: BTreeMap<String, Distribution> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT c.key AS criterion, c.value AS point, COUNT(*) AS n \
             FROM ratings, json_each(ratings.criteria) AS c GROUP BY c.key, c.value",
        )
        .fetch_all(&self.pool)
        .await?
        {
            add(
                criteria.entry(r.try_get("criterion")?).or_default(),
                r.try_get("point")?,
                r.try_get::<i64, _>("n")? as u64,
            );
        }
        finish(&mut overall);
        agencies.values_mut().for_each(finish);
        criteria.values_mut().for_each(finish);
        Ok((overall, agencies, criteria))
    }

    /// An agency's latest ratings, without who gave them.
    pub async fn agency_ratings(
        &self,
        agency: &str,
        limit: u32,
    ) -> anyhow::Result<Vec<(String, RatingRow)>> {
        let rows = sqlx::query(
            "SELECT procedure, overall, criteria, comment, rated_at FROM ratings \
             WHERE agency = ? ORDER BY rated_at DESC LIMIT ?",
        )
        .bind(agency)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("procedure")?,
                    RatingRow {
                        overall: r.try_get::<i64, _>("overall")? as u8,
                        criteria: parse(r.try_get("criteria")?)?,
                        comment: r.try_get("comment")?,
                        rated_at: r.try_get("rated_at")?,
                    },
                ))
            })
            .collect()
    }
}

fn add(d: &mut Distribution, point: i64, n: u64) {
    if (1..=5).contains(&point) {
        d.points[point as usize - 1] += n;
        d.count += n;
    }
}

fn finish(d: &mut Distribution) {
    if d.count > 0 {
        let sum: u64 = d
            .points
            .iter()
            .enumerate()
            .map(|(i, n)| (i as u64 + 1) * n)
            .sum();
        d.average = ((sum as f64 / d.count as f64) * 100.0).round() / 100.0;
    }
}
