//! Bulk loading for load tests: accounts, dossiers with their event log and files, and the day
//! sequences, written in big transactions of multi-row inserts on one connection. The rows are the
//! ones [`Store::create_dossier`] and [`Store::apply_change`] write, serialized by the caller (so the
//! JSON work happens off the database thread).

use sqlx::pool::PoolConnection;
use sqlx::{Connection, Sqlite};

use super::Store;

/// An account as the `accounts` table stores it.
pub struct BulkAccount {
    pub id: i64,
    pub kind: &'static str,
    pub identifier: String,
    pub password_hash: String,
    pub agency: Option<String>,
    /// The profile JSON (`Me`, with id 0, as `create_account` writes it).
    pub profile: String,
    pub created_at: i64,
}

/// One row of `dossier_events`.
pub struct BulkEvent {
    pub at: i64,
    pub kind: &'static str,
    pub status: &'static str,
    pub step: String,
    pub agency: String,
    pub role: &'static str,
    pub account: Option<i64>,
    /// `EventData` as JSON.
    pub data: String,
}

/// One row of `uploads`, bound to its dossier.
pub struct BulkUpload {
    pub id: String,
    pub owner: i64,
    pub sha256: String,
    pub name: String,
    pub size: i64,
    pub content_type: &'static str,
    pub created_at: i64,
}

/// A dossier as it stands after its events, with those events (oldest first) and its files.
pub struct BulkDossier {
    pub code: String,
    pub owner: i64,
    pub idempotency_key: String,
    pub procedure: String,
    pub agency: String,
    pub received_at: i64,
    pub due_date: String,
    /// The receipt JSON.
    pub data: String,
    pub status: &'static str,
    pub version: i64,
    pub open: bool,
    pub holder: String,
    pub step_due: String,
    pub company: Option<String>,
    pub check_phone: String,
    pub check_id: String,
    /// The `Progress` JSON.
    pub workflow: String,
    pub overdue_notified: bool,
    pub applicant: String,
    pub events: Vec<BulkEvent>,
    pub uploads: Vec<BulkUpload>,
}

/// Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters.
const DOSSIER_ROWS: usize = 64;
const EVENT_ROWS: usize = 256;
const UPLOAD_ROWS: usize = 256;
const ACCOUNT_ROWS: usize = 256;

fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let one = format!("({})", vec!["?"; columns.len()].join(", "));
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        columns.join(", "),
        vec![one; rows].join(", ")
    )
}

const DOSSIER_COLUMNS: &[&str] = &[
    "code",
    "owner",
    "idempotency_key",
    "procedure",
    "agency",
    "received_at",
    "due_date",
    "data",
    "status",
    "version",
    "open",
    "holder",
    "step_due",
    "company",
    "check_phone",
    "check_id",
    "workflow",
    "overdue_notified",
    "applicant",
];
const EVENT_COLUMNS: &[&str] = &[
    "dossier", "at", "kind", "status", "step", "agency", "role", "account", "data",
];
const UPLOAD_COLUMNS: &[&str] = &[
    "id",
    "owner",
    "sha256",
    "name",
    "size",
    "content_type",
    "created_at",
    "dossier",
];
const ACCOUNT_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "identifier",
    "password_hash",
    "agency",
    "profile",
    "created_at",
];

/// A connection set up for loading: no fsync, a big page cache, foreign keys not re-checked (the
/// loader writes consistent rows). Dropped, it goes back to the pool with the defaults restored.
pub struct BulkWriter {
    conn: PoolConnection<Sqlite>,
}

impl Store {
    /// Whether any dossier exists: the generator only fills an empty database.
    pub async fn has_dossiers(&self) -> anyhow::Result<bool> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT EXISTS (SELECT 1 FROM dossiers)")
                .fetch_one(&self.pool)
                .await?
                == 1,
        )
    }

    /// The next free account id.
    pub async fn next_account_id(&self) -> anyhow::Result<i64> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) + 1 FROM accounts")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    pub async fn bulk_writer(&self) -> anyhow::Result<BulkWriter> {
        let mut conn = self.pool.acquire().await?;
        for pragma in [
            "PRAGMA synchronous = OFF",
            "PRAGMA foreign_keys = OFF",
            // 1 GB: the indexes on owner and code take random inserts and must stay in memory.
            "PRAGMA cache_size = -1000000",
        ] {
            sqlx::query(pragma).execute(&mut *conn).await?;
        }
        Ok(BulkWriter { conn })
    }
}

impl BulkWriter {
    pub async fn insert_accounts(&mut self, accounts: &[BulkAccount]) -> anyhow::Result<()> {
        let mut tx = self.conn.begin().await?;
        for chunk in accounts.chunks(ACCOUNT_ROWS) {
            let sql = insert_sql("accounts", ACCOUNT_COLUMNS, chunk.len());
            let mut q = sqlx::query(&sql);
            for a in chunk {
                q = q
                    .bind(a.id)
                    .bind(a.kind)
                    .bind(&a.identifier)
                    .bind(&a.password_hash)
                    .bind(&a.agency)
                    .bind(&a.profile)
                    .bind(a.created_at);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// One batch of dossiers, their events and files, in one transaction.
    pub async fn insert_dossiers(&mut self, batch: &[BulkDossier]) -> anyhow::Result<()> {
        let mut tx = self.conn.begin().await?;
        for chunk in batch.chunks(DOSSIER_ROWS) {
            let sql = insert_sql("dossiers", DOSSIER_COLUMNS, chunk.len());
            let mut q = sqlx::query(&sql);
            for d in chunk {
                q = q
                    .bind(&d.code)
                    .bind(d.owner)
                    .bind(&d.idempotency_key)
                    .bind(&d.procedure)
                    .bind(&d.agency)
                    .bind(d.received_at)
                    .bind(&d.due_date)
                    .bind(&d.data)
                    .bind(d.status)
                    .bind(d.version)
                    .bind(d.open)
                    .bind(&d.holder)
                    .bind(&d.step_due)
                    .bind(&d.company)
                    .bind(&d.check_phone)
                    .bind(&d.check_id)
                    .bind(&d.workflow)
                    .bind(d.overdue_notified)
                    .bind(&d.applicant);
            }
            q.execute(&mut *tx).await?;
        }
        let events: Vec<(&str, &BulkEvent)> = batch
            .iter()
            .flat_map(|d| d.events.iter().map(move |e| (d.code.as_str(), e)))
            .collect();
        for chunk in events.chunks(EVENT_ROWS) {
            let sql = insert_sql("dossier_events", EVENT_COLUMNS, chunk.len());
            let mut q = sqlx::query(&sql);
            for (code, e) in chunk {
                q = q
                    .bind(*code)
                    .bind(e.at)
                    .bind(e.kind)
                    .bind(e.status)
                    .bind(&e.step)
                    .bind(&e.agency)
                    .bind(e.role)
                    .bind(e.account)
                    .bind(&e.data);
            }
            q.execute(&mut *tx).await?;
        }
        let uploads: Vec<(&str, &BulkUpload)> = batch
            .iter()
            .flat_map(|d| d.uploads.iter().map(move |u| (d.code.as_str(), u)))
            .collect();
        for chunk in uploads.chunks(UPLOAD_ROWS) {
            let sql = insert_sql("uploads", UPLOAD_COLUMNS, chunk.len());
            let mut q = sqlx::query(&sql);
            for (code, u) in chunk {
                q = q
                    .bind(&u.id)
                    .bind(u.owner)
                    .bind(&u.sha256)
                    .bind(&u.name)
                    .bind(u.size)
                    .bind(u.content_type)
                    .bind(u.created_at)
                    .bind(*code);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The day's last sequence number per agency, as `create_dossier` keeps them.
    pub async fn insert_sequences(&mut self, rows: &[(String, String, i64)]) -> anyhow::Result<()> {
        let mut tx = self.conn.begin().await?;
        for chunk in rows.chunks(ACCOUNT_ROWS) {
            let sql = insert_sql("dossier_sequences", &["agency", "day", "last"], chunk.len());
            let mut q = sqlx::query(&sql);
            for (agency, day, last) in chunk {
                q = q.bind(agency).bind(day).bind(*last);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Statistics for the query planner: a bulk load should always be followed by this, so the
    /// planner knows how selective each index is.
    pub async fn analyze(&mut self) -> anyhow::Result<()> {
        sqlx::query("ANALYZE").execute(&mut *self.conn).await?;
        Ok(())
    }

    /// The WAL folded into the database file, and the connection's defaults restored.
    pub async fn finish(mut self) -> anyhow::Result<()> {
        for sql in [
            "PRAGMA wal_checkpoint(TRUNCATE)",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA cache_size = -2000",
        ] {
            sqlx::query(sql).execute(&mut *self.conn).await?;
        }
        Ok(())
    }
}
