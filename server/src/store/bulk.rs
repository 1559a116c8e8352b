//! Bulk loading for load tests: accounts, projects, dossiers with their event log and files, and
//! the day sequences, written in big transactions of multi-row inserts on one connection. The rows are the
//! ones [`Store::create_account`], [`Store::create_upload`], [`Store::create_dossier`] and
//! [`Store::apply_change`] write, made by the same functions (and serialized by the caller, so the
//! JSON work happens off the database thread).

use sqlx::pool::PoolConnection;
use sqlx::{Any, Connection};

use super::accounts::{bind_account, NewAccount, ACCOUNT_COLUMNS};
use super::dossiers::{
    bind_dossier, bind_event, DossierRecord, EventRecord, DOSSIER_COLUMNS, EVENT_COLUMNS,
};
use super::uploads::{bind_upload, NewUpload, UPLOAD_COLUMNS};
use super::{insert_sql, Backend, Flag, Store};
use crate::stats::upkeep::Deltas;

/// An account with the id it is given.
pub struct BulkAccount {
    pub id: i64,
    pub account: NewAccount,
    pub created_at: i64,
}

/// A dossier as it stands after its events, with those events (oldest first), its files, its
/// rating if it has one, and what all of it adds to the statistics.
pub struct BulkDossier {
    pub dossier: DossierRecord,
    pub events: Vec<EventRecord>,
    pub uploads: Vec<NewUpload>,
    pub rating: Option<BulkRating>,
    pub stats: Deltas,
}

/// A rating as `Store::put_rating` writes it, given once.
pub struct BulkRating {
    pub account: i64,
    pub agency: String,
    pub procedure: String,
    pub overall: u8,
    /// The criteria's points, as JSON.
    pub criteria: String,
    pub rated_at: i64,
}

const RATING_COLUMNS: &[&str] = &[
    "dossier",
    "account",
    "agency",
    "procedure",
    "overall",
    "criteria",
    "comment",
    "rated_at",
    "updated_at",
];

/// A project's row, as `Store::create_project` writes it.
pub struct BulkProject {
    pub id: String,
    pub company: String,
    pub kind: String,
    pub name: String,
    pub commune: String,
    pub capital: i64,
    pub area: i64,
    pub description: String,
    /// The optional steps that apply, as a JSON array.
    pub optional: String,
    pub created_by: i64,
    pub created_at: i64,
    pub idempotency_key: String,
}

const PROJECT_COLUMNS: &[&str] = &[
    "id",
    "company",
    "kind",
    "name",
    "commune",
    "capital",
    "area",
    "description",
    "optional",
    "created_by",
    "created_at",
    "idempotency_key",
];

/// Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters.
const DOSSIER_ROWS: usize = 64;
const EVENT_ROWS: usize = 256;
const UPLOAD_ROWS: usize = 256;
const ACCOUNT_ROWS: usize = 256;
const PROJECT_ROWS: usize = 256;

/// A connection set up for loading: no fsync, a big page cache, foreign keys not re-checked (the
/// loader writes consistent rows). Dropped, it goes back to the pool with the defaults restored.
pub struct BulkWriter {
    conn: PoolConnection<Any>,
    backend: Backend,
    /// The statistics of the dossiers written, kept until `finish` writes them.
    stats: Deltas,
}

impl Store {
    /// Whether any dossier exists: the generator only fills an empty database.
    pub async fn has_dossiers(&self) -> anyhow::Result<bool> {
        let Flag(any) = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM dossiers)")
            .fetch_one(&self.pool)
            .await?;
        Ok(any)
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
        let setup: &[&str] = match self.backend {
            Backend::Sqlite => &[
                "PRAGMA synchronous = OFF",
                "PRAGMA foreign_keys = OFF",
                // 1 GB: the indexes on owner and code take random inserts and must stay in memory.
                "PRAGMA cache_size = -1000000",
            ],
            // A crash mid-load loses the load, which is started again on an empty database.
            Backend::Postgres => &["SET synchronous_commit = off"],
        };
        for sql in setup {
            sqlx::query(sql).execute(&mut *conn).await?;
        }
        Ok(BulkWriter {
            conn,
            backend: self.backend,
            stats: Deltas::default(),
        })
    }
}

impl BulkWriter {
    pub async fn insert_accounts(&mut self, accounts: &[BulkAccount]) -> anyhow::Result<()> {
        // The id is given, not taken from the table's sequence.
        let columns: Vec<&str> = ["id"]
            .into_iter()
            .chain(ACCOUNT_COLUMNS.iter().copied())
            .collect();
        let mut tx = self.conn.begin().await?;
        for chunk in accounts.chunks(ACCOUNT_ROWS) {
            let sql = insert_sql("accounts", &columns, chunk.len());
            let mut q = sqlx::query(&sql);
            for a in chunk {
                q = bind_account(q.bind(a.id), &a.account, a.created_at)?;
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
            let sql = insert_sql("dossiers", &DOSSIER_COLUMNS, chunk.len());
            let mut q = sqlx::query(&sql);
            for d in chunk {
                q = bind_dossier(q, &d.dossier);
            }
            q.execute(&mut *tx).await?;
        }
        let events: Vec<(&str, &EventRecord)> = batch
            .iter()
            .flat_map(|d| d.events.iter().map(move |e| (d.dossier.code(), e)))
            .collect();
        for chunk in events.chunks(EVENT_ROWS) {
            let sql = insert_sql("dossier_events", EVENT_COLUMNS, chunk.len());
            let mut q = sqlx::query(&sql);
            for (code, e) in chunk {
                q = bind_event(q, code, e);
            }
            q.execute(&mut *tx).await?;
        }
        let ratings: Vec<(&str, &BulkRating)> = batch
            .iter()
            .filter_map(|d| d.rating.as_ref().map(|r| (d.dossier.code(), r)))
            .collect();
        for chunk in ratings.chunks(EVENT_ROWS) {
            let sql = insert_sql("ratings", RATING_COLUMNS, chunk.len());
            let mut q = sqlx::query(&sql);
            for (code, r) in chunk {
                q = q
                    .bind(*code)
                    .bind(r.account)
                    .bind(&r.agency)
                    .bind(&r.procedure)
                    .bind(i64::from(r.overall))
                    .bind(&r.criteria)
                    .bind("")
                    .bind(r.rated_at)
                    .bind(r.rated_at);
            }
            q.execute(&mut *tx).await?;
        }
        for d in batch {
            self.stats.merge(d.stats.clone());
        }
        let uploads: Vec<(&str, &NewUpload)> = batch
            .iter()
            .flat_map(|d| d.uploads.iter().map(move |u| (d.dossier.code(), u)))
            .collect();
        // Already part of its dossier, as `create_dossier` and `apply_change` leave submitted files.
        let columns: Vec<&str> = UPLOAD_COLUMNS.iter().copied().chain(["dossier"]).collect();
        for chunk in uploads.chunks(UPLOAD_ROWS) {
            let sql = insert_sql("uploads", &columns, chunk.len());
            let mut q = sqlx::query(&sql);
            for (code, u) in chunk {
                q = bind_upload(q, u).bind(*code);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn insert_projects(&mut self, projects: &[BulkProject]) -> anyhow::Result<()> {
        let mut tx = self.conn.begin().await?;
        for chunk in projects.chunks(PROJECT_ROWS) {
            let sql = insert_sql("projects", PROJECT_COLUMNS, chunk.len());
            let mut q = sqlx::query(&sql);
            for p in chunk {
                q = q
                    .bind(&p.id)
                    .bind(&p.company)
                    .bind(&p.kind)
                    .bind(&p.name)
                    .bind(&p.commune)
                    .bind(p.capital)
                    .bind(p.area)
                    .bind(&p.description)
                    .bind(&p.optional)
                    .bind(p.created_by)
                    .bind(p.created_at)
                    .bind(&p.idempotency_key);
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
    /// planner knows how selective each index is. PostgreSQL also marks the pages all visible
    /// (VACUUM), as its autovacuum would soon after, so that counts read the indexes alone.
    pub async fn analyze(&mut self) -> anyhow::Result<()> {
        let sql = match self.backend {
            Backend::Sqlite => "ANALYZE",
            Backend::Postgres => "VACUUM (ANALYZE)",
        };
        sqlx::query(sql).execute(&mut *self.conn).await?;
        Ok(())
    }

    /// The statistics of every dossier written, in place of any and marked counted: the upkeep
    /// adds to them from here on.
    pub async fn insert_stats(&mut self, now: i64) -> anyhow::Result<()> {
        let mut tx = self.conn.begin().await?;
        super::stats::replace(&mut tx, &self.stats, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The WAL folded into the database file, and the connection's defaults restored.
    pub async fn finish(mut self) -> anyhow::Result<()> {
        let restore: &[&str] = match self.backend {
            Backend::Sqlite => &[
                "PRAGMA wal_checkpoint(TRUNCATE)",
                "PRAGMA synchronous = NORMAL",
                "PRAGMA foreign_keys = ON",
                "PRAGMA cache_size = -2000",
            ],
            // The loader chose the ids: the next ones given out follow them.
            Backend::Postgres => &[
                "RESET synchronous_commit",
                "SELECT setval(pg_get_serial_sequence('accounts', 'id'), \
                 (SELECT COALESCE(MAX(id), 0) + 1 FROM accounts), false)",
                "SELECT setval(pg_get_serial_sequence('dossier_events', 'id'), \
                 (SELECT COALESCE(MAX(id), 0) + 1 FROM dossier_events), false)",
            ],
        };
        for sql in restore {
            sqlx::query(sql).execute(&mut *self.conn).await?;
        }
        Ok(())
    }
}
