//! Dossiers: their rows, the event log (append-only) and the log of officers who opened them.

use super::{numbered, placeholders};
use motcua_api::calendar::Date;
use motcua_api::dossier::{Receipt, UploadInfo};
use motcua_api::lifecycle::{EventKind, Role, Status};
use motcua_api::project::StepRef;
use motcua_api::stats::Channel;
use motcua_api::Text;
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};
use std::sync::LazyLock;

use super::inbox::{insert_notification, NewNotification};
use super::{date, enum_parse, insert_sql, parse, status, to_json, Backend, Query, Store};
use crate::lifecycle::{DossierState, Progress};
use crate::stats::upkeep::{self, Deltas, Subject};

/// How long one officer's opening of a dossier (or of one of its files) lasts in the owner's access
/// log: reads within it are the same visit.
pub const ACCESS_VISIT_SECONDS: i64 = 30 * 60;

/// A dossier as stored.
pub struct DossierRow {
    pub code: String,
    pub owner: i64,
    pub company: Option<String>,
    /// The project and step it was filed for.
    pub project: Option<StepRef>,
    pub check_phone: String,
    pub check_id: String,
    pub applicant: String,
    pub state: DossierState,
    pub receipt: Receipt,
}

/// A dossier ready to be numbered and stored, as a submission makes it.
pub struct NewDossier {
    pub owner: i64,
    pub idempotency_key: String,
    /// The receipt, its code empty until the dossier is numbered.
    pub receipt: Receipt,
    /// What it owes, for a procedure that charges fees.
    pub fees: Option<super::fees::NewFees>,
    /// The receiving agency's code, which leads the dossier's.
    pub agency_code: String,
    pub state: DossierState,
    /// The submission, first in the event log.
    pub event: NewEvent,
    /// The uploads that become the dossier's documents.
    pub upload_ids: Vec<String>,
    /// The draft it came from, deleted once the dossier exists.
    pub draft_id: Option<String>,
    /// A business applicant's 10-digit tax code: the company's dossiers are all of its accounts'.
    pub company: Option<String>,
    /// What public tracking accepts beside the code.
    pub check_phone: String,
    pub check_id: String,
    /// The applicant's name as officers see it.
    pub applicant: String,
    /// The project and step it is filed for.
    pub project: Option<StepRef>,
    /// How it came in, and whether its applicant was signed in with the national e-ID: for the
    /// statistics.
    pub channel: Channel,
    pub eid: bool,
}

impl NewDossier {
    /// `YYMMDD` of the day of receipt in Vietnam: dossiers are numbered per agency and day.
    pub fn day(&self) -> String {
        let d = Date::in_vietnam(self.receipt.submitted_at);
        format!("{:02}{:02}{:02}", d.year() % 100, d.month(), d.day())
    }

    /// Its code as the day's `seq`-th dossier at its agency: `<agency code>-YYMMDD-NNNN`
    /// (Circular 01/2018/TT-VPCP, art. 19).
    pub fn code(&self, seq: i64) -> String {
        format!("{}-{}-{:04}", self.agency_code, self.day(), seq)
    }
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
    pub new_date: Option<Date>,
    /// A result's number.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
}

/// An entry for the event log, at the step and agency where it happened.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub at: i64,
    pub kind: EventKind,
    pub step: String,
    pub agency: String,
    pub role: Role,
    /// Who acted, for audit; `None` for the system.
    pub account: Option<i64>,
    pub data: EventData,
}

impl NewEvent {
    /// An event at the dossier's current step, by the agency that holds it.
    pub fn at_current_step(
        progress: &Progress,
        at: i64,
        kind: EventKind,
        role: Role,
        account: Option<i64>,
        data: EventData,
    ) -> Self {
        NewEvent {
            at,
            kind,
            step: progress.step().step.id.clone(),
            agency: progress.holder().to_string(),
            role,
            account,
            data,
        }
    }
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
    /// The applicant-side account that acted: its name and identifier.
    pub by: Option<String>,
}

/// One officer's read, before the agency's name is looked up for the owner.
pub struct AccessRow {
    pub at: i64,
    pub agency: String,
    pub role: Role,
    pub file: String,
}

/// One change to a dossier, applied whole or not at all.
pub struct Change {
    /// The version the actor saw: a dossier changed since is left alone.
    pub seen: u32,
    /// Where the change leaves the dossier.
    pub state: DossierState,
    pub event: NewEvent,
    /// Files (uploaded by the actor) that become part of the dossier.
    pub files: Vec<String>,
    pub notification: Option<NewNotification>,
    pub overdue_notified: bool,
    /// What it adds to the statistics (`stats::upkeep::changed`).
    pub stats: Deltas,
}

/// One line of "my dossiers" or a queue.
pub struct SummaryRow {
    pub code: String,
    pub procedure: String,
    pub status: Status,
    pub received_at: i64,
    pub due_date: Date,
    pub step_due: Option<Date>,
    pub applicant: String,
    /// The day the work ended, once it has: what its timeliness is judged on.
    pub done_on: Option<Date>,
    /// The step it is at.
    pub step_id: String,
    pub step_name: Text,
    /// Its place in the list, for the page after it.
    pub place: Place,
}

/// What an officer's queue is narrowed to; empty or none is no filter.
pub struct QueueFilter<'a> {
    /// Any part of the code, in any case.
    pub code: &'a str,
    /// The id of the step the dossier is at.
    pub step: &'a str,
    pub status: Option<Status>,
    /// The step deadlines wanted, both ends included.
    pub due_from: Option<Date>,
    pub due_to: Option<Date>,
}

/// A page of an officer's queue and the counts over it (see [`Store::queue`]).
pub struct QueuePage {
    pub rows: Vec<SummaryRow>,
    pub matched: u64,
    pub total: u64,
    pub overdue: u64,
    pub near_due: u64,
    pub steps: Vec<QueueStepCount>,
}

/// A step the queue's dossiers are at, named as one of their workflows names it.
pub struct QueueStepCount {
    pub id: String,
    pub name: Text,
    pub count: u64,
}

/// Binds a queue query's agency and filters, in `Store::queue`'s order; `code` is the LIKE pattern.
fn bind_queue<'q>(
    mut q: Query<'q>,
    agency: &'q str,
    code: &'q str,
    filter: &QueueFilter<'q>,
) -> Query<'q> {
    q = q.bind(agency);
    if !filter.code.is_empty() {
        q = q.bind(code);
    }
    if !filter.step.is_empty() {
        q = q.bind(filter.step);
    }
    if let Some(s) = filter.status {
        q = q.bind(s.id());
    }
    for d in [filter.due_from, filter.due_to].into_iter().flatten() {
        q = q.bind(d.to_string());
    }
    q
}

/// Where a list's dossiers come from, each read in order from an index of its own.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// All of an account's own, for one in no company.
    Own,
    /// A member's own filed for no company.
    Personal,
    /// A member's own filed for a company they have since left.
    Left(&'a str),
    /// A company's, whoever filed them.
    Company(&'a str),
}

impl<'a> Source<'a> {
    fn arm(self, store: &Store) -> String {
        match self {
            Source::Own => "dossiers WHERE owner = ?".to_string(),
            Source::Personal => "dossiers WHERE owner = ? AND company IS NULL".to_string(),
            Source::Left(_) => format!(
                "dossiers{} WHERE owner = ? AND company = ?",
                store.indexed_by("dossiers_owner_company")
            ),
            Source::Company(_) => "dossiers WHERE company = ?".to_string(),
        }
    }

    fn bind<'q>(self, q: Query<'q>, account: i64) -> Query<'q>
    where
        'a: 'q,
    {
        match self {
            Source::Own | Source::Personal => q.bind(account),
            Source::Left(company) => q.bind(account).bind(company),
            Source::Company(company) => q.bind(company),
        }
    }
}

/// Where a page of a list starts: after so many dossiers, or after a place, or where the page
/// ends before a place (keyset paging, both ways).
#[derive(Clone, Copy, Debug)]
pub enum Start {
    Offset(u32),
    After(Place),
    /// The `limit` dossiers just newer than the place; the page is still given newest first.
    Before(Place),
}

/// Where a dossier stands in a list, newest first: what a page after it starts below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub received_at: i64,
    pub row: i64,
}

/// Whose dossiers a list shows: an account's own, and those submitted for the companies it has
/// joined.
#[derive(Clone, Copy)]
pub struct Owner<'a> {
    pub account: i64,
    /// In order.
    pub companies: &'a [String],
}

/// The columns that say how a dossier stands, every one read from its state: written together by
/// filing, by the bulk loader and by every change, so that a list reading a column (its holder, its
/// step's name, the day its work ended) never disagrees with the workflow its page reads.
struct Standing {
    status: &'static str,
    open: bool,
    holder: String,
    step_due: Option<String>,
    step_id: String,
    step_index: i64,
    due_date: String,
    workflow: String,
    done_on: Option<String>,
    step_name: String,
}

const STANDING_COLUMNS: &[&str] = &[
    "status",
    "open",
    "holder",
    "step_due",
    "step_id",
    "step_index",
    "due_date",
    "workflow",
    "done_on",
    "step_name",
];

/// A change's statement: every standing column set from the change's state, the version moved on
/// only from the one the change was made from. Written once, from the columns' list.
static CHANGE_SQL: LazyLock<String> = LazyLock::new(|| {
    let set = STANDING_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let n = STANDING_COLUMNS.len();
    format!(
        "UPDATE dossiers SET {set}, version = version + 1, \
         overdue_notified = MAX(overdue_notified, ${}) WHERE code = ${} AND version = ${}",
        n + 1,
        n + 2,
        n + 3
    )
});

impl Standing {
    /// Serialized by whoever makes it, off the database's thread.
    fn of(state: &DossierState) -> anyhow::Result<Self> {
        let progress = &state.progress;
        Ok(Standing {
            status: state.status.id(),
            open: !state.status.is_final(),
            holder: progress.holder().to_string(),
            step_due: progress.step_due().map(|d| d.to_string()),
            step_id: progress.step().step.id.clone(),
            step_index: progress.current as i64,
            due_date: state.due.to_string(),
            workflow: to_json(progress)?,
            done_on: progress.done_on.map(|d| d.to_string()),
            step_name: to_json(&progress.step().step.name)?,
        })
    }

    /// Binds the columns in [`STANDING_COLUMNS`]' order.
    fn bind<'q>(&'q self, q: Query<'q>) -> Query<'q> {
        q.bind(self.status)
            .bind(i64::from(self.open))
            .bind(&self.holder)
            .bind(&self.step_due)
            .bind(&self.step_id)
            .bind(self.step_index)
            .bind(&self.due_date)
            .bind(&self.workflow)
            .bind(&self.done_on)
            .bind(&self.step_name)
    }
}

/// A `dossiers` row as written: by `create_dossier` at submission, and by the bulk loader as a
/// dossier stands after its events. Serialized by whoever makes it, off the database's thread.
pub struct DossierRecord {
    code: String,
    owner: i64,
    idempotency_key: String,
    procedure: String,
    agency: String,
    received_at: i64,
    receipt: String,
    version: i64,
    company: Option<String>,
    check_phone: String,
    check_id: String,
    overdue_notified: bool,
    applicant: String,
    project: Option<String>,
    project_step: Option<String>,
    channel: &'static str,
    eid: bool,
    standing: Standing,
}

impl DossierRecord {
    /// The row of a numbered dossier standing at `state`.
    pub fn new(
        new: &NewDossier,
        state: &DossierState,
        overdue_notified: bool,
    ) -> anyhow::Result<Self> {
        let receipt = &new.receipt;
        Ok(DossierRecord {
            code: receipt.code.clone(),
            owner: new.owner,
            idempotency_key: new.idempotency_key.clone(),
            procedure: receipt.procedure.clone(),
            agency: receipt.agency.clone(),
            received_at: receipt.submitted_at,
            receipt: to_json(receipt)?,
            version: state.version.into(),
            company: new.company.clone(),
            check_phone: new.check_phone.clone(),
            check_id: new.check_id.clone(),
            overdue_notified,
            applicant: new.applicant.clone(),
            project: new.project.as_ref().map(|p| p.project.clone()),
            project_step: new.project.as_ref().map(|p| p.step.clone()),
            channel: new.channel.id(),
            eid: new.eid,
            standing: Standing::of(state)?,
        })
    }

    pub(super) fn code(&self) -> &str {
        &self.code
    }
}

/// The columns [`bind_dossier`] binds, in its order: a dossier's own, then how it stands.
pub(super) static DOSSIER_COLUMNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    [
        &[
            "code",
            "owner",
            "idempotency_key",
            "procedure",
            "agency",
            "received_at",
            "data",
            "version",
            "company",
            "check_phone",
            "check_id",
            "overdue_notified",
            "applicant",
            "project",
            "project_step",
            "channel",
            "eid",
        ],
        STANDING_COLUMNS,
    ]
    .concat()
});

pub(super) fn bind_dossier<'q>(q: Query<'q>, d: &'q DossierRecord) -> Query<'q> {
    let q = q
        .bind(&d.code)
        .bind(d.owner)
        .bind(&d.idempotency_key)
        .bind(&d.procedure)
        .bind(&d.agency)
        .bind(d.received_at)
        .bind(&d.receipt)
        .bind(d.version)
        .bind(&d.company)
        .bind(&d.check_phone)
        .bind(&d.check_id)
        .bind(i64::from(d.overdue_notified))
        .bind(&d.applicant)
        .bind(&d.project)
        .bind(&d.project_step)
        .bind(d.channel)
        .bind(i64::from(d.eid));
    d.standing.bind(q)
}

/// A `dossier_events` row as written, by a change and by the bulk loader.
pub struct EventRecord {
    at: i64,
    kind: &'static str,
    status: &'static str,
    step: String,
    agency: String,
    role: &'static str,
    account: Option<i64>,
    data: String,
}

impl EventRecord {
    /// The row of `event`, which left the dossier at `status`.
    pub fn new(event: &NewEvent, status: Status) -> anyhow::Result<Self> {
        Ok(EventRecord {
            at: event.at,
            kind: event.kind.id(),
            status: status.id(),
            step: event.step.clone(),
            agency: event.agency.clone(),
            role: event.role.id(),
            account: event.account,
            data: to_json(&event.data)?,
        })
    }
}

pub(super) const EVENT_COLUMNS: &[&str] = &[
    "dossier", "at", "kind", "status", "step", "agency", "role", "account", "data",
];

pub(super) fn bind_event<'q>(q: Query<'q>, code: &'q str, e: &'q EventRecord) -> Query<'q> {
    q.bind(code)
        .bind(e.at)
        .bind(e.kind)
        .bind(e.status)
        .bind(&e.step)
        .bind(&e.agency)
        .bind(e.role)
        .bind(e.account)
        .bind(&e.data)
}

/// Writes an event; the table's triggers refuse any later change to it.
async fn insert_event(
    conn: &mut AnyConnection,
    code: &str,
    event: &EventRecord,
) -> anyhow::Result<()> {
    let sql = insert_sql("dossier_events", EVENT_COLUMNS, 1);
    bind_event(sqlx::query(&sql), code, event)
        .execute(conn)
        .await?;
    Ok(())
}

/// A line of a list reads how its dossier stands from the columns written with the workflow
/// (migration 0028), not the workflow itself: a kilobyte of JSON a row, parsed for one date or name.
const SUMMARY_COLUMNS: &str =
    "code, procedure, status, received_at, due_date, step_due, applicant, done_on, step_id, step_name";

fn summary(r: &sqlx::any::AnyRow) -> anyhow::Result<SummaryRow> {
    Ok(SummaryRow {
        code: r.try_get("code")?,
        procedure: r.try_get("procedure")?,
        status: status(r.try_get("status")?)?,
        received_at: r.try_get("received_at")?,
        due_date: date(r.try_get("due_date")?)?,
        step_due: r
            .try_get::<Option<&str>, _>("step_due")?
            .map(date)
            .transpose()?,
        applicant: r.try_get("applicant")?,
        done_on: r
            .try_get::<Option<&str>, _>("done_on")?
            .map(date)
            .transpose()?,
        step_id: r.try_get("step_id")?,
        step_name: parse(r.try_get("step_name")?)?,
        place: Place {
            received_at: r.try_get("received_at")?,
            row: r.try_get("r")?,
        },
    })
}

/// `create_dossier`'s transaction, on the connection it made durable.
async fn insert_dossier(
    conn: &mut AnyConnection,
    mut new: NewDossier,
) -> anyhow::Result<Option<Receipt>> {
    let mut tx = sqlx::Connection::begin(conn).await?;
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO dossier_sequences (agency, day, last) VALUES ($1, $2, 1) \
         ON CONFLICT (agency, day) DO UPDATE SET last = dossier_sequences.last + 1 RETURNING last",
    )
    .bind(&new.receipt.agency)
    .bind(new.day())
    .fetch_one(&mut *tx)
    .await?;
    new.receipt.code = new.code(seq);
    let record = DossierRecord::new(&new, &new.state, false)?;
    let sql = format!(
        "{} ON CONFLICT (owner, idempotency_key) DO NOTHING",
        insert_sql("dossiers", &DOSSIER_COLUMNS, 1)
    );
    let inserted = bind_dossier(sqlx::query(&sql), &record)
        .execute(&mut *tx)
        .await?;
    if inserted.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(None);
    }
    let event = EventRecord::new(&new.event, new.state.status)?;
    insert_event(&mut tx, record.code(), &event).await?;
    if let Some(fees) = &new.fees {
        super::fees::insert_fees(&mut tx, record.code(), fees).await?;
    }
    let subject = Subject::of(&new.receipt);
    let stats = upkeep::submitted(
        &subject,
        new.channel,
        new.eid,
        super::fees::NewFees::owing(new.fees.as_ref()),
    );
    super::stats::apply(&mut tx, &stats).await?;
    for id in &new.upload_ids {
        sqlx::query("UPDATE uploads SET dossier = $1 WHERE id = $2 AND owner = $3")
            .bind(record.code())
            .bind(id)
            .bind(new.owner)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(draft) = &new.draft_id {
        sqlx::query("DELETE FROM drafts WHERE id = $1 AND owner = $2")
            .bind(draft)
            .bind(new.owner)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Some(new.receipt))
}

impl Store {
    /// Numbers and stores a dossier in one transaction: the day's next sequence number for the agency,
    /// the dossier, its first event, its files bound to it, its draft gone. Answers the receipt with
    /// its code, or `None` when a concurrent submit with the same idempotency key got there first.
    ///
    /// Committed with `synchronous = FULL`: in WAL mode NORMAL may lose the last commits on power
    /// loss, and a lost dossier would have its code, already on the citizen's receipt, given to the
    /// next one. Other writes stay NORMAL, for their speed: a lost action or message is as if the click
    /// had not happened (the page shows the older version, and the person acts again), which hands
    /// nothing out twice.
    pub async fn create_dossier(&self, new: NewDossier) -> anyhow::Result<Option<Receipt>> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Postgres {
            // Every commit is durable there (synchronous_commit, the server's setting).
            return insert_dossier(&mut conn, new).await;
        }
        // SQLite refuses to change it inside a transaction. Should the request end before it is set
        // back, the connection only stays the safer way.
        sqlx::query("PRAGMA synchronous = FULL")
            .execute(&mut *conn)
            .await?;
        let created = insert_dossier(&mut conn, new).await;
        sqlx::query("PRAGMA synchronous = NORMAL")
            .execute(&mut *conn)
            .await?;
        created
    }

    pub async fn dossier_by_key(&self, owner: i64, key: &str) -> anyhow::Result<Option<Receipt>> {
        let data: Option<String> = sqlx::query_scalar(
            "SELECT data FROM dossiers WHERE owner = $1 AND idempotency_key = $2",
        )
        .bind(owner)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        data.map(|d| parse(&d)).transpose()
    }

    pub async fn dossier_row(&self, code: &str) -> anyhow::Result<Option<DossierRow>> {
        let row = sqlx::query(
            "SELECT code, owner, company, status, version, due_date, check_phone, check_id, \
             applicant, workflow, data, project, project_step FROM dossiers WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(DossierRow {
                code: r.try_get("code")?,
                owner: r.try_get("owner")?,
                company: r.try_get("company")?,
                project: match (r.try_get("project")?, r.try_get("project_step")?) {
                    (Some(project), Some(step)) => Some(StepRef { project, step }),
                    _ => None,
                },
                check_phone: r.try_get("check_phone")?,
                check_id: r.try_get("check_id")?,
                applicant: r.try_get("applicant")?,
                state: DossierState {
                    status: status(r.try_get("status")?)?,
                    version: r.try_get::<i64, _>("version")? as u32,
                    due: date(r.try_get("due_date")?)?,
                    progress: parse(r.try_get("workflow")?)?,
                },
                receipt: parse(r.try_get("data")?)?,
            })
        })
        .transpose()
    }

    pub async fn events(&self, code: &str) -> anyhow::Result<Vec<EventRow>> {
        let rows = sqlx::query(
            "SELECT e.id, e.at, e.kind, e.status, e.step, e.agency, e.role, e.data, \
             CASE WHEN e.role = 'applicant' THEN \
             json_extract(a.profile, '$.full_name') || ' (' || a.identifier || ')' END AS by_whom \
             FROM dossier_events e LEFT JOIN accounts a ON a.id = e.account \
             WHERE e.dossier = $1 ORDER BY e.id",
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
                    by: r.try_get("by_whom")?,
                })
            })
            .collect()
    }

    /// Applies a change if the dossier is still at the version the actor saw: the new state, the
    /// event, the files bound to the dossier, the notification and its mail — in one transaction.
    /// `false` when the dossier changed meanwhile (or a file was not the actor's to add).
    pub async fn apply_change(
        &self,
        code: &str,
        change: Change,
        uploader: Option<i64>,
    ) -> anyhow::Result<bool> {
        let state = &change.state;
        let mut tx = self.write().await?;
        let standing = Standing::of(state)?;
        let done = standing
            .bind(sqlx::query(&CHANGE_SQL))
            .bind(i64::from(change.overdue_notified))
            .bind(code)
            .bind(i64::from(change.seen))
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        for id in &change.files {
            let bound = sqlx::query(
                "UPDATE uploads SET dossier = $1 WHERE id = $2 AND owner = $3 AND dossier IS NULL",
            )
            .bind(code)
            .bind(id)
            .bind(uploader)
            .execute(&mut *tx)
            .await?;
            if bound.rows_affected() != 1 {
                tx.rollback().await?;
                return Ok(false);
            }
        }
        insert_event(
            &mut tx,
            code,
            &EventRecord::new(&change.event, state.status)?,
        )
        .await?;
        if let Some(n) = &change.notification {
            insert_notification(&mut tx, code, change.event.at, n).await?;
        }
        super::stats::apply(&mut tx, &change.stats).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Open dossiers past their due date whose owner has not been told yet.
    pub async fn newly_overdue(&self, today: Date, limit: u32) -> anyhow::Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT code FROM dossiers WHERE open = 1 AND overdue_notified = 0 AND due_date < $1 \
             AND status NOT IN ('supplement_requested', 'result_ready') ORDER BY due_date LIMIT $2",
        )
        .bind(today.to_string())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records that an officer of `agency` opened the dossier, or one of its files — once a visit: a
    /// read of the same dossier (or the same file) by the same officer within
    /// [`ACCESS_VISIT_SECONDS`] of one already recorded is the same opening (a page's live refresh, a
    /// reload), and adds nothing. The log stays append-only; the test and the insert are one statement.
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
             SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS ( \
                 SELECT 1 FROM dossier_access \
                 WHERE dossier = $1 AND at > $2 - $7 AND account = $3 AND agency = $4 AND file = $6)",
        )
        .bind(code)
        .bind(at)
        .bind(account)
        .bind(agency)
        .bind(Role::Officer.id())
        .bind(file)
        .bind(ACCESS_VISIT_SECONDS)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn access(&self, code: &str) -> anyhow::Result<Vec<AccessRow>> {
        let rows = sqlx::query(
            "SELECT at, agency, role, file FROM dossier_access WHERE dossier = $1 ORDER BY at DESC, rowid DESC",
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

    /// A page of someone's dossiers, newest first, and how many there are in all. Ties are broken by
    /// rowid, which every SQLite index carries last, so the index alone gives the order (PostgreSQL
    /// would put the code in the index instead).
    pub async fn list_dossiers(
        &self,
        owner: Owner<'_>,
        status: Option<Status>,
        limit: u32,
        start: Start,
    ) -> anyhow::Result<(Vec<SummaryRow>, u64)> {
        let filter = if status.is_some() {
            " AND status = ?"
        } else {
            ""
        };
        fn bind_status(q: Query<'_>, status: Option<Status>) -> Query<'_> {
            match status {
                Some(s) => q.bind(s.id()),
                None => q,
            }
        }
        // How many there are from each source, from the tallies the triggers keep (migrations 0025,
        // 0027): the total without counting, and which sources the page reads at all. An arm for
        // "any company but the account's own" was planned by PostgreSQL, its companies unknown, as a
        // walk of every dossier the account filed (15,055 for a large company's head, 30–45 ms).
        let companies = owner.companies;
        let mut tallies_sql = format!(
            "SELECT 'own' AS kind, company, CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n \
             FROM dossier_tallies WHERE owner = ?{filter} GROUP BY company"
        );
        if !companies.is_empty() {
            tallies_sql.push_str(&format!(
                " UNION ALL SELECT 'company' AS kind, company, CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n \
                 FROM company_tallies WHERE company IN ({}){filter} GROUP BY company",
                placeholders(companies.len())
            ));
        }
        let tallies_sql = numbered(&tallies_sql);
        let mut q = bind_status(sqlx::query(&tallies_sql).bind(owner.account), status);
        if !companies.is_empty() {
            for c in companies {
                q = q.bind(c.as_str());
            }
            q = bind_status(q, status);
        }
        // One connection for the request's statements: each taken from the pool and given back
        // is two more round trips to its thread (SQLite) or the server, and a task.
        let mut conn = self.pool.acquire().await?;
        let tallied = q.fetch_all(&mut *conn).await?;
        let mut total = 0i64;
        let mut sources = Vec::new();
        for row in &tallied {
            let n: i64 = row.try_get("n")?;
            total += n;
            // An account in no company reads all its own in one arm (below).
            if n == 0 || companies.is_empty() {
                continue;
            }
            let company: &str = row.try_get("company")?;
            let kind: &str = row.try_get("kind")?;
            if kind == "company" {
                if let Some(c) = companies.iter().find(|c| c.as_str() == company) {
                    sources.push(Source::Company(c.as_str()));
                }
            } else if company.is_empty() {
                sources.push(Source::Personal);
            } else if companies.iter().all(|c| c.as_str() != company) {
                sources.push(Source::Left(company));
            } else {
                // Filed for a company the account is in: counted, and read, with the company's.
                total -= n;
            }
        }
        if companies.is_empty() && total > 0 {
            sources.push(Source::Own);
        }
        if sources.is_empty() {
            return Ok((Vec::new(), total as u64));
        }
        // One arm per source, each read in order from its own index, no further than the page's
        // end, and merged: an `owner = ? OR company IN (…)` would sort every company dossier for a
        // page (and PostgreSQL did, given the arms without their own limit). A page after (or before)
        // a place starts each arm there, in its index, reading away from it.
        let (offset, place, toward) = match start {
            Start::Offset(n) => (n, None, "DESC"),
            Start::After(place) => (0, Some(place), "DESC"),
            Start::Before(place) => (0, Some(place), "ASC"),
        };
        let beyond = match start {
            Start::Offset(_) => "",
            Start::After(_) => " AND (received_at, rowid) < (?, ?)",
            Start::Before(_) => " AND (received_at, rowid) > (?, ?)",
        };
        // The page's places first, from the indexes alone (each holds the time and the row), then
        // only its rows: a deep page by number skips its offset in the indexes rather than reading
        // (and sorting) every whole dossier before it, which took seconds at 50,000.
        let places = sources
            .iter()
            .map(|source| {
                format!(
                    "SELECT * FROM (SELECT received_at, rowid AS r FROM {}{filter}{beyond} \
                     ORDER BY received_at {toward}, rowid {toward} LIMIT ?) a",
                    source.arm(self)
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let sql = numbered(&format!(
            "SELECT {SUMMARY_COLUMNS}, rowid AS r FROM dossiers WHERE rowid IN \
             (SELECT r FROM ({places}) p ORDER BY received_at {toward}, r {toward} LIMIT ? OFFSET ?) \
             ORDER BY received_at DESC, rowid DESC"
        ));
        let each = i64::from(offset) + i64::from(limit);
        let mut q = sqlx::query(&sql);
        for source in &sources {
            q = bind_status(source.bind(q, owner.account), status);
            if let Some(place) = place {
                q = q.bind(place.received_at).bind(place.row);
            }
            q = q.bind(each);
        }
        let rows = q
            .bind(i64::from(limit))
            .bind(i64::from(offset))
            .fetch_all(&mut *conn)
            .await?;
        Ok((
            rows.iter().map(summary).collect::<anyhow::Result<_>>()?,
            total as u64,
        ))
    }

    /// A page of the open dossiers at an agency that match `filter`, nearest step deadline first,
    /// with how many match, how many there are in all, how many of those are past their step's
    /// deadline (before `today`) and fall due by `near`, and the steps they are at.
    pub async fn queue(
        &self,
        agency: &str,
        today: Date,
        near: Date,
        filter: &QueueFilter<'_>,
        limit: u32,
        offset: u32,
    ) -> anyhow::Result<QueuePage> {
        let mut narrow = String::new();
        if !filter.code.is_empty() {
            // Codes are ASCII, which SQLite's LIKE folds and PostgreSQL's does not.
            narrow.push_str(r" AND upper(code) LIKE upper(?) ESCAPE '\'");
        }
        if !filter.step.is_empty() {
            narrow.push_str(" AND step_id = ?");
        }
        if filter.status.is_some() {
            narrow.push_str(" AND status = ?");
        }
        // The tallies' empty day is a step with no deadline, which no range of days holds (a
        // dossier's is NULL, which none holds either): the same words serve both tables.
        if filter.due_from.is_some() {
            narrow.push_str(" AND step_due <> '' AND step_due >= ?");
        }
        if filter.due_to.is_some() {
            narrow.push_str(" AND step_due <> '' AND step_due <= ?");
        }
        // SQLite's LIKE ignores ASCII case, which is all a code has; its wildcards typed in are
        // searched for as themselves.
        let code = format!(
            "%{}%",
            filter
                .code
                .replace('\\', r"\\")
                .replace('%', r"\%")
                .replace('_', r"\_")
        );
        let rows_sql = format!(
            "SELECT {SUMMARY_COLUMNS}, rowid AS r FROM dossiers WHERE holder = ? AND open = 1{narrow} \
             ORDER BY step_due, rowid LIMIT ? OFFSET ?"
        );
        let rows_sql = numbered(&rows_sql);
        // One connection for the four statements, as for a list.
        let mut conn = self.pool.acquire().await?;
        let rows = bind_queue(sqlx::query(&rows_sql), agency, &code, filter)
            .bind(i64::from(limit))
            .bind(i64::from(offset))
            .fetch_all(&mut *conn)
            .await?;
        // What matches, and the counts over the whole queue, from the tallies the triggers keep
        // (migration 0026): a few rows a day and step, where counting read every open dossier the
        // agency holds for every look at its queue. A code or a status is not tallied: those are
        // counted.
        let matched_sql = if filter.code.is_empty() && filter.status.is_none() {
            format!(
                "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM queue_tallies WHERE holder = ?{narrow}"
            )
        } else {
            format!("SELECT COUNT(*) FROM dossiers WHERE holder = ? AND open = 1{narrow}")
        };
        let matched_sql = numbered(&matched_sql);
        let matched: i64 = bind_queue(sqlx::query(&matched_sql), agency, &code, filter)
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        let counts = sqlx::query(
            "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS total, \
             CAST(COALESCE(SUM(CASE WHEN step_due <> '' AND step_due < $1 THEN n ELSE 0 END), 0) \
             AS BIGINT) AS overdue, \
             CAST(COALESCE(SUM(CASE WHEN step_due >= $2 AND step_due <= $3 THEN n ELSE 0 END), 0) \
             AS BIGINT) AS near \
             FROM queue_tallies WHERE holder = $4",
        )
        .bind(today.to_string())
        .bind(today.to_string())
        .bind(near.to_string())
        .bind(agency)
        .fetch_one(&mut *conn)
        .await?;
        // The steps, counted from the tallies; each placed and named as the workflow of its
        // dossier earliest in a workflow names it, the first `dossiers_queue_counts` has for it.
        let steps = sqlx::query(
            "SELECT s.step_id AS id, s.n AS n, d.step_index AS at, \
             d.step_name AS name \
             FROM (SELECT step_id, CAST(SUM(n) AS BIGINT) AS n FROM queue_tallies \
                   WHERE holder = $1 GROUP BY step_id) s \
             JOIN dossiers d ON d.rowid = (SELECT rowid FROM dossiers \
                 WHERE holder = $1 AND open = 1 AND step_id = s.step_id \
                 ORDER BY step_index LIMIT 1) \
             ORDER BY at, id",
        )
        .bind(agency)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(QueueStepCount {
                id: r.try_get("id")?,
                name: parse(r.try_get("name")?)?,
                count: r.try_get::<i64, _>("n")? as u64,
            })
        })
        .collect::<anyhow::Result<_>>()?;
        Ok(QueuePage {
            rows: rows.iter().map(summary).collect::<anyhow::Result<_>>()?,
            matched: matched as u64,
            total: counts.try_get::<i64, _>("total")? as u64,
            overdue: counts.try_get::<i64, _>("overdue")? as u64,
            near_due: counts.try_get::<i64, _>("near")? as u64,
            steps,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_and_role_names_are_the_serialized_ones() {
        for k in [
            EventKind::Submitted,
            EventKind::Withdrawn,
            EventKind::Received,
            EventKind::SupplementRequested,
            EventKind::Supplemented,
            EventKind::Forwarded,
            EventKind::ResultReady,
            EventKind::Refused,
            EventKind::Returned,
            EventKind::Overdue,
            EventKind::Apology,
        ] {
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::from(k.id())
            );
            assert_eq!(enum_parse::<EventKind>(k.id()).unwrap(), k);
        }
        for r in [Role::Applicant, Role::Officer, Role::System] {
            assert_eq!(
                serde_json::to_value(r).unwrap(),
                serde_json::Value::from(r.id())
            );
            assert_eq!(enum_parse::<Role>(r.id()).unwrap(), r);
        }
    }
}
