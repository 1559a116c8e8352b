//! Feedback and complaints: the case as it stands, its append-only log, the files sent with it and
//! its monthly figures, each change written with its figures, messages and mail in one transaction.

use super::{numbered, placeholders};
use motcua_api::calendar::Date;
use motcua_api::feedback::{FeedbackFile, FeedbackStatus};
use motcua_api::stats::{FeedbackFigures, Month};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::inbox::{enqueue, insert_notification, Mail, NewNotification};
use super::{date, enum_parse, flag, one_at_a_time, Flag, Store};

/// What a report's parts are, for their feedback figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackPart {
    Agency,
    Procedure,
}

#[derive(Debug, Clone, Copy)]
enum FeedbackKey {
    Month,
    Agency,
    Procedure,
}

/// Which feedback a figure counts: `None` is no narrowing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedbackFilter {
    pub agency: Option<String>,
    pub procedures: Option<Vec<String>>,
}

/// What changes as a case moves; the rest of the row is fixed when it is received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackState {
    pub status: FeedbackStatus,
    pub agency: String,
    pub due_date: Date,
    pub answered_at: Option<i64>,
    pub answer: String,
    pub change_text: String,
    pub reopened: bool,
    pub paused_at: Option<i64>,
    pub routed_at: i64,
    pub answered_on_time: Option<bool>,
    pub overdue_notified: bool,
    pub published: bool,
    pub version: u32,
}

impl FeedbackState {
    /// A case just received by `agency`, due on `due_date`: nothing answered, paused or published.
    pub fn received(agency: String, due_date: Date, now: i64) -> FeedbackState {
        FeedbackState {
            status: FeedbackStatus::Received,
            agency,
            due_date,
            answered_at: None,
            answer: String::new(),
            change_text: String::new(),
            reopened: false,
            paused_at: None,
            routed_at: now,
            answered_on_time: None,
            overdue_notified: false,
            published: false,
            version: 1,
        }
    }
}

/// A case as stored.
#[derive(Debug, Clone)]
pub struct FeedbackRow {
    pub code: String,
    pub about_kind: String,
    pub about_id: String,
    pub procedure: Option<String>,
    pub category: String,
    pub title: String,
    pub text: String,
    pub consent: bool,
    pub received_at: i64,
    pub sender: Option<i64>,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub pin_hash: String,
    pub pin_sealed: String,
    pub for_head: bool,
    pub state: FeedbackState,
}

/// One entry of a case's log.
#[derive(Debug, Clone)]
pub struct FeedbackEventRow {
    pub id: i64,
    pub at: i64,
    pub kind: String,
    pub agency: String,
    pub text: String,
    pub files: Vec<FeedbackFile>,
}

/// An entry to add to a case's log, with the files sent with it (ids of `feedback_files`).
pub struct NewFeedbackEvent {
    pub kind: &'static str,
    pub agency: String,
    pub actor: Option<i64>,
    pub text: String,
    pub files: Vec<String>,
}

/// Someone to tell: an account (inbox, and mail when it has an address), or an address alone.
pub enum Notice {
    Account(NewNotification),
    Mail(Mail),
}

/// One figure of one agency, procedure and month moved by `delta`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub agency: String,
    pub procedure: String,
    pub month: String,
    pub figure: Figure,
    pub delta: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Received,
    Answered,
    AnsweredOnTime,
    AnsweredLate,
    Dissatisfied,
    Satisfied,
    Published,
}

impl Figure {
    fn column(self) -> &'static str {
        match self {
            Figure::Received => "received",
            Figure::Answered => "answered",
            Figure::AnsweredOnTime => "answered_on_time",
            Figure::AnsweredLate => "answered_late",
            Figure::Dissatisfied => "dissatisfied",
            Figure::Satisfied => "satisfied",
            Figure::Published => "published",
        }
    }
}

/// A new case, numbered by the store.
pub struct NewFeedback {
    /// `YYMMDD` of the day received in Vietnam.
    pub day: String,
    pub about_kind: &'static str,
    pub about_id: String,
    pub procedure: Option<String>,
    pub category: String,
    pub title: String,
    pub text: String,
    pub consent: bool,
    pub received_at: i64,
    pub sender: Option<i64>,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub pin_hash: String,
    pub key_hash: Option<String>,
    pub pin_sealed: String,
    pub for_head: bool,
    pub state: FeedbackState,
    pub files: Vec<String>,
    pub tallies: Vec<Tally>,
}

/// What storing a new case came to.
pub enum Stored {
    Created(String),
    /// A case with the same idempotency key (or, for a rating, the same dossier) exists.
    Exists,
    /// A file named was gone or already sent with another case.
    FileTaken,
}

/// A change to a case, made only if it is still at version `seen`.
pub struct FeedbackChange {
    pub seen: u32,
    pub state: FeedbackState,
    pub event: NewFeedbackEvent,
    pub tallies: Vec<Tally>,
    pub notices: Vec<Notice>,
}

/// What applying a change came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    Done,
    /// The case moved on since it was read.
    Stale,
    FileTaken,
}

/// A file sent with feedback, as stored.
pub struct FeedbackFileRecord {
    pub info: FeedbackFile,
    pub sha256: String,
    pub feedback: Option<String>,
}

const STATE_COLUMNS: &str =
    "status, agency, due_date, answered_at, answer, change_text, reopened, \
    paused_at, routed_at, answered_on_time, overdue_notified, published, version";

const ROW_COLUMNS: &str = "code, about_kind, about_id, procedure, category, title, text, consent, \
    received_at, sender, name, phone, email, pin_hash, pin_sealed, for_head, status, agency, \
    due_date, answered_at, answer, change_text, reopened, paused_at, routed_at, answered_on_time, \
    overdue_notified, published, version";

fn state_of(r: &AnyRow) -> anyhow::Result<FeedbackState> {
    Ok(FeedbackState {
        status: enum_parse(r.try_get("status")?)?,
        agency: r.try_get("agency")?,
        due_date: date(r.try_get("due_date")?)?,
        answered_at: r.try_get("answered_at")?,
        answer: r.try_get("answer")?,
        change_text: r.try_get("change_text")?,
        reopened: flag(r, "reopened")?,
        paused_at: r.try_get("paused_at")?,
        routed_at: r.try_get("routed_at")?,
        answered_on_time: r
            .try_get::<Option<Flag>, _>("answered_on_time")?
            .map(|Flag(b)| b),
        overdue_notified: flag(r, "overdue_notified")?,
        published: flag(r, "published")?,
        version: r.try_get::<i64, _>("version")? as u32,
    })
}

fn row_of(r: &AnyRow) -> anyhow::Result<FeedbackRow> {
    Ok(FeedbackRow {
        code: r.try_get("code")?,
        about_kind: r.try_get("about_kind")?,
        about_id: r.try_get("about_id")?,
        procedure: r.try_get("procedure")?,
        category: r.try_get("category")?,
        title: r.try_get("title")?,
        text: r.try_get("text")?,
        consent: flag(r, "consent")?,
        received_at: r.try_get("received_at")?,
        sender: r.try_get("sender")?,
        name: r.try_get("name")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        pin_hash: r.try_get("pin_hash")?,
        pin_sealed: r.try_get("pin_sealed")?,
        for_head: flag(r, "for_head")?,
        state: state_of(r)?,
    })
}

/// Binds a case's state, in the order of [`STATE_COLUMNS`], to the statement that writes it.
fn bind_state<'q, O>(
    q: sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    s: &'q FeedbackState,
) -> anyhow::Result<sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>> {
    Ok(q.bind(status_id(s.status)?)
        .bind(&s.agency)
        .bind(s.due_date.to_string())
        .bind(s.answered_at)
        .bind(&s.answer)
        .bind(&s.change_text)
        .bind(i64::from(s.reopened))
        .bind(s.paused_at)
        .bind(s.routed_at)
        .bind(s.answered_on_time.map(i64::from))
        .bind(i64::from(s.overdue_notified))
        .bind(i64::from(s.published))
        .bind(i64::from(s.version)))
}

fn status_id(s: FeedbackStatus) -> anyhow::Result<String> {
    match serde_json::to_value(s)? {
        serde_json::Value::String(s) => Ok(s),
        other => anyhow::bail!("status {other} is not a string"),
    }
}

fn file_of(r: &AnyRow) -> anyhow::Result<FeedbackFile> {
    Ok(FeedbackFile {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        size: r.try_get::<i64, _>("size")? as u64,
        content_type: r.try_get("content_type")?,
    })
}

async fn insert_event(
    conn: &mut AnyConnection,
    code: &str,
    at: i64,
    e: &NewFeedbackEvent,
) -> anyhow::Result<Option<i64>> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO feedback_events (feedback, at, kind, agency, actor, text) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(code)
    .bind(at)
    .bind(e.kind)
    .bind(&e.agency)
    .bind(e.actor)
    .bind(&e.text)
    .fetch_one(&mut *conn)
    .await?;
    for file in &e.files {
        let done = sqlx::query(
            "UPDATE feedback_files SET feedback = $1, event = $2 WHERE id = $3 AND feedback IS NULL",
        )
        .bind(code)
        .bind(id)
        .bind(file)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(None);
        }
    }
    Ok(Some(id))
}

async fn add_tallies(conn: &mut AnyConnection, tallies: &[Tally]) -> anyhow::Result<()> {
    for t in tallies {
        let column = t.figure.column();
        sqlx::query(&numbered(&format!(
            "INSERT INTO feedback_months (agency, procedure, month, {column}) VALUES (?, ?, ?, ?) \
             ON CONFLICT (agency, procedure, month) DO UPDATE SET {column} = feedback_months.{column} + excluded.{column}"
        )))
        .bind(&t.agency)
        .bind(&t.procedure)
        .bind(&t.month)
        .bind(t.delta)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn send_notices(
    conn: &mut AnyConnection,
    code: &str,
    at: i64,
    notices: &[Notice],
) -> anyhow::Result<()> {
    for n in notices {
        match n {
            Notice::Account(n) => insert_notification(conn, code, at, n).await?,
            Notice::Mail(mail) => {
                enqueue(conn, mail, None, at).await?;
            }
        }
    }
    Ok(())
}

impl Store {
    /// Numbers and stores a new case with its first event, files, figures and the messages
    /// `notices` makes for its code; a case already made with the same key (or following up the
    /// same rating) is left as it is.
    pub async fn create_feedback(
        &self,
        new: &NewFeedback,
        notices: impl FnOnce(&str) -> Vec<Notice>,
    ) -> anyhow::Result<Stored> {
        let mut tx = self.write().await?;
        one_at_a_time(&mut tx, &format!("feedback {}", new.day)).await?;
        let s = &new.state;
        // The day's next number, worked out in the insert itself so two at once cannot take one.
        let sql = format!(
            "INSERT INTO feedback (code, day, seq, about_kind, about_id, procedure, category, title, \
             text, consent, received_at, sender, name, phone, email, pin_hash, key_hash, pin_sealed, \
             for_head, {STATE_COLUMNS}) \
             SELECT 'PA-' || $1 || '-' || CASE WHEN n < 10000 THEN substr(CAST(10000 + n AS TEXT), 2) \
             ELSE CAST(n AS TEXT) END, $1, n, $2, $3, $4, $5, $6, $7, $8, $9, \
             $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, \
             $27, $28, $29, $30 \
             FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM feedback WHERE day = $1) AS next \
             RETURNING code"
        );
        let insert = sqlx::query_scalar::<_, String>(&sql)
            .bind(&new.day)
            .bind(new.about_kind)
            .bind(&new.about_id)
            .bind(&new.procedure)
            .bind(&new.category)
            .bind(&new.title)
            .bind(&new.text)
            .bind(i64::from(new.consent))
            .bind(new.received_at)
            .bind(new.sender)
            .bind(&new.name)
            .bind(&new.phone)
            .bind(&new.email)
            .bind(&new.pin_hash)
            .bind(&new.key_hash)
            .bind(&new.pin_sealed)
            .bind(i64::from(new.for_head));
        let inserted = bind_state(insert, s)?.fetch_one(&mut *tx).await;
        let code = match inserted {
            Ok(code) => code,
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(Stored::Exists),
            Err(e) => return Err(e.into()),
        };
        let event = NewFeedbackEvent {
            kind: "received",
            agency: s.agency.clone(),
            actor: None,
            text: String::new(),
            files: new.files.clone(),
        };
        if insert_event(&mut tx, &code, new.received_at, &event)
            .await?
            .is_none()
        {
            return Ok(Stored::FileTaken);
        }
        add_tallies(&mut tx, &new.tallies).await?;
        send_notices(&mut tx, &code, new.received_at, &notices(&code)).await?;
        tx.commit().await?;
        Ok(Stored::Created(code))
    }

    /// The case a sender's idempotency key made.
    pub async fn feedback_by_key(&self, key_hash: &str) -> anyhow::Result<Option<FeedbackRow>> {
        let row = sqlx::query(&numbered(&format!(
            "SELECT {ROW_COLUMNS} FROM feedback WHERE key_hash = ?"
        )))
        .bind(key_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(row_of).transpose()
    }

    pub async fn feedback_row(&self, code: &str) -> anyhow::Result<Option<FeedbackRow>> {
        let row = sqlx::query(&numbered(&format!(
            "SELECT {ROW_COLUMNS} FROM feedback WHERE code = ?"
        )))
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(row_of).transpose()
    }

    /// A case's log, oldest first, each entry with the files sent with it.
    pub async fn feedback_events(&self, code: &str) -> anyhow::Result<Vec<FeedbackEventRow>> {
        let rows = sqlx::query(
            "SELECT id, at, kind, agency, text FROM feedback_events WHERE feedback = $1 ORDER BY id",
        )
        .bind(code)
        .fetch_all(&self.pool)
        .await?;
        let files = sqlx::query(
            "SELECT id, name, size, content_type, event FROM feedback_files WHERE feedback = $1 \
             ORDER BY created_at, id",
        )
        .bind(code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                Ok(FeedbackEventRow {
                    id,
                    at: r.try_get("at")?,
                    kind: r.try_get("kind")?,
                    agency: r.try_get("agency")?,
                    text: r.try_get("text")?,
                    files: files
                        .iter()
                        .filter(|f| f.try_get::<Option<i64>, _>("event").ok().flatten() == Some(id))
                        .map(file_of)
                        .collect::<anyhow::Result<_>>()?,
                })
            })
            .collect()
    }

    /// Applies a change to a case still at `change.seen`, with its event, files, figures and messages.
    pub async fn apply_feedback_change(
        &self,
        code: &str,
        change: &FeedbackChange,
        now: i64,
    ) -> anyhow::Result<Applied> {
        let mut tx = self.write().await?;
        let s = &change.state;
        let update = sqlx::query_scalar::<_, i64>(
            "UPDATE feedback SET status = $1, agency = $2, due_date = $3, answered_at = $4, answer = $5, \
             change_text = $6, reopened = $7, paused_at = $8, routed_at = $9, answered_on_time = $10, \
             overdue_notified = $11, published = $12, version = $13 WHERE code = $14 AND version = $15 \
             RETURNING version",
        );
        let done = bind_state(update, s)?
            .bind(code)
            .bind(i64::from(change.seen))
            .fetch_optional(&mut *tx)
            .await?;
        if done.is_none() {
            return Ok(Applied::Stale);
        }
        if insert_event(&mut tx, code, now, &change.event)
            .await?
            .is_none()
        {
            return Ok(Applied::FileTaken);
        }
        add_tallies(&mut tx, &change.tallies).await?;
        send_notices(&mut tx, code, now, &change.notices).await?;
        tx.commit().await?;
        Ok(Applied::Done)
    }

    /// The cases an agency has to work on (received, waiting for information, reopened), soonest
    /// due first.
    pub async fn feedback_queue(&self, agency: &str) -> anyhow::Result<Vec<FeedbackRow>> {
        let rows = sqlx::query(&numbered(&format!(
            "SELECT {ROW_COLUMNS} FROM feedback WHERE agency = ? \
             AND status IN ('received', 'info_requested', 'reopened') \
             ORDER BY due_date, received_at LIMIT 500"
        )))
        .bind(agency)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_of).collect()
    }

    /// A signed-in sender's cases, newest first.
    pub async fn sender_feedback(&self, account: i64) -> anyhow::Result<Vec<FeedbackRow>> {
        let rows = sqlx::query(&numbered(&format!(
            "SELECT {ROW_COLUMNS} FROM feedback WHERE sender = ? \
             ORDER BY received_at DESC LIMIT 200"
        )))
        .bind(account)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_of).collect()
    }

    /// The officers of an agency who can sign in, with their mail addresses (maybe empty).
    pub async fn agency_officers(&self, agency: &str) -> anyhow::Result<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT id, COALESCE(json_extract(profile, '$.email'), '') AS email FROM accounts \
             WHERE kind = 'officer' AND agency = $1 AND disabled_at IS NULL ORDER BY id",
        )
        .bind(agency)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("email")?)))
            .collect()
    }

    /// Cases waiting for an answer whose due date is before `today` and which no reminder has
    /// been sent for.
    pub async fn newly_overdue_feedback(
        &self,
        today: Date,
        limit: u32,
    ) -> anyhow::Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT code FROM feedback WHERE overdue_notified = 0 AND due_date < $1 \
             AND status IN ('received', 'reopened') ORDER BY due_date LIMIT $2",
        )
        .bind(today.to_string())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn create_feedback_file(
        &self,
        info: &FeedbackFile,
        sha256: &str,
        address: &str,
        now: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO feedback_files (id, sha256, name, size, content_type, created_at, address) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&info.id)
        .bind(sha256)
        .bind(&info.name)
        .bind(info.size as i64)
        .bind(&info.content_type)
        .bind(now)
        .bind(address)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn feedback_file(&self, id: &str) -> anyhow::Result<Option<FeedbackFileRecord>> {
        let row = sqlx::query(
            "SELECT id, name, size, content_type, sha256, feedback FROM feedback_files WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(FeedbackFileRecord {
                info: file_of(&r)?,
                sha256: r.try_get("sha256")?,
                feedback: r.try_get("feedback")?,
            })
        })
        .transpose()
    }

    /// Feedback's figures per month from `from` to `to` (both included), for the cases `filter`
    /// keeps. Received and published count by the month received or published, answers by the
    /// month of the answer, the sender's verdicts by the month they gave it; overdue are the cases
    /// still unanswered that the sweep found past due, by the month of their due date.
    pub async fn feedback_figures(
        &self,
        filter: &FeedbackFilter,
        from: Month,
        to: Month,
    ) -> anyhow::Result<Vec<(Month, FeedbackFigures)>> {
        let mut by_month: std::collections::BTreeMap<Month, FeedbackFigures> = from
            .through(to)
            .map(|m| (m, FeedbackFigures::default()))
            .collect();
        for (month, f) in self
            .feedback_sums(filter, from, to, FeedbackKey::Month)
            .await?
        {
            if let Some(month) = Month::parse(&month) {
                *by_month.entry(month).or_default() = f;
            }
        }
        Ok(by_month.into_iter().collect())
    }

    /// The figures over the whole period of each agency or each procedure (`by`) with any: a
    /// report's parts, in two queries however many parts there are.
    pub async fn feedback_figures_by(
        &self,
        filter: &FeedbackFilter,
        from: Month,
        to: Month,
        by: FeedbackPart,
    ) -> anyhow::Result<Vec<(String, FeedbackFigures)>> {
        let key = match by {
            FeedbackPart::Agency => FeedbackKey::Agency,
            FeedbackPart::Procedure => FeedbackKey::Procedure,
        };
        Ok(self
            .feedback_sums(filter, from, to, key)
            .await?
            .into_iter()
            .collect())
    }

    /// The monthly sums and the cases overdue now (by the month they fell due), added up per key.
    async fn feedback_sums(
        &self,
        filter: &FeedbackFilter,
        from: Month,
        to: Month,
        key: FeedbackKey,
    ) -> anyhow::Result<std::collections::HashMap<String, FeedbackFigures>> {
        let (from_s, to_s) = (from.to_string(), to.to_string());
        let mut narrowing = String::new();
        if filter.agency.is_some() {
            narrowing.push_str(" AND agency = ?");
        }
        if let Some(procedures) = &filter.procedures {
            let marks = placeholders(procedures.len());
            narrowing.push_str(&format!(" AND procedure IN ({marks})"));
        }
        let (sums_key, overdue_key) = match key {
            FeedbackKey::Month => ("month", "substr(due_date, 1, 7)"),
            FeedbackKey::Agency => ("agency", "agency"),
            FeedbackKey::Procedure => ("procedure", "procedure"),
        };
        let sums = format!(
            "SELECT {sums_key} AS k, CAST(SUM(received) AS BIGINT) AS received, \
             CAST(SUM(answered) AS BIGINT) AS answered, \
             CAST(SUM(answered_on_time) AS BIGINT) AS answered_on_time, \
             CAST(SUM(answered_late) AS BIGINT) AS answered_late, \
             CAST(SUM(dissatisfied) AS BIGINT) AS dissatisfied, \
             CAST(SUM(satisfied) AS BIGINT) AS satisfied, \
             CAST(SUM(published) AS BIGINT) AS published, 0 AS overdue FROM feedback_months \
             WHERE month BETWEEN ? AND ?{narrowing} GROUP BY 1"
        );
        // The procedure column of a case about no procedure is NULL there and '' here.
        let overdue = format!(
            "SELECT {overdue_key} AS k, 0 AS received, 0 AS answered, \
             0 AS answered_on_time, 0 AS answered_late, 0 AS dissatisfied, 0 AS satisfied, \
             0 AS published, COUNT(*) AS overdue FROM \
             (SELECT due_date, agency, COALESCE(procedure, '') AS procedure FROM feedback \
             WHERE overdue_notified = 1 AND status IN ('received', 'reopened')) AS late \
             WHERE substr(due_date, 1, 7) BETWEEN ? AND ?{narrowing} GROUP BY 1"
        );
        let mut by_key: std::collections::HashMap<String, FeedbackFigures> =
            std::collections::HashMap::new();
        for sql in [sums, overdue] {
            let sql = numbered(&sql);
            let mut q = sqlx::query(&sql).bind(&from_s).bind(&to_s);
            if let Some(agency) = &filter.agency {
                q = q.bind(agency);
            }
            if let Some(procedures) = &filter.procedures {
                for p in procedures {
                    q = q.bind(p);
                }
            }
            for r in q.fetch_all(&self.pool).await? {
                let k: String = r.try_get("k")?;
                let n =
                    |c: &str| -> anyhow::Result<u64> { Ok(r.try_get::<i64, _>(c)?.max(0) as u64) };
                let f = by_key.entry(k).or_default();
                f.received += n("received")?;
                f.answered += n("answered")?;
                f.answered_on_time += n("answered_on_time")?;
                f.answered_late += n("answered_late")?;
                f.dissatisfied += n("dissatisfied")?;
                f.satisfied += n("satisfied")?;
                f.published += n("published")?;
                f.overdue += n("overdue")?;
            }
        }
        Ok(by_key)
    }
}
