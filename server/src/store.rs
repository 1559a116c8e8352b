//! The only place that runs SQL. Everything above it speaks in domain types, so the SQLite default can
//! be joined by PostgreSQL behind the same functions.

use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use serde::{de::DeserializeOwned, Serialize};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use crate::catalogue::Catalogue;

pub const DATABASE_FILE: &str = "motcua.sqlite";

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

fn to_json<T: Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_json::to_string(value)?)
}

fn from_rows<T: DeserializeOwned>(rows: Vec<sqlx::sqlite::SqliteRow>) -> anyhow::Result<Vec<T>> {
    rows.into_iter()
        .map(|r| Ok(serde_json::from_str(r.try_get::<&str, _>("data")?)?))
        .collect()
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and brings its schema up to date.
    pub async fn open(data_dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("creating data directory {}", data_dir.display()))?;
        let path = data_dir.join(DATABASE_FILE);
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("opening {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("applying migrations")?;
        Ok(Self { pool })
    }

    pub async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn catalogue_is_empty(&self) -> anyhow::Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM procedures")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    /// Replaces the whole catalogue in one transaction: readers see the old one or the new one, never a mix.
    pub async fn replace_catalogue(&self, catalogue: &Catalogue) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        for table in ["procedures", "agencies", "fields", "levels"] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        for (i, l) in catalogue.levels.iter().enumerate() {
            sqlx::query("INSERT INTO levels (id, position, data) VALUES (?, ?, ?)")
                .bind(&l.id)
                .bind(i as i64)
                .bind(to_json(l)?)
                .execute(&mut *tx)
                .await?;
        }
        for (i, f) in catalogue.fields.iter().enumerate() {
            sqlx::query("INSERT INTO fields (id, position, data) VALUES (?, ?, ?)")
                .bind(&f.id)
                .bind(i as i64)
                .bind(to_json(f)?)
                .execute(&mut *tx)
                .await?;
        }
        for (i, a) in catalogue.agencies.iter().enumerate() {
            sqlx::query(
                "INSERT INTO agencies (id, position, code, level, data) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&a.id)
            .bind(i as i64)
            .bind(&a.code)
            .bind(&a.level)
            .bind(to_json(a)?)
            .execute(&mut *tx)
            .await?;
        }
        for (i, p) in catalogue.procedures.iter().enumerate() {
            sqlx::query(
                "INSERT INTO procedures (code, position, field, agency, level, online, data) \
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&p.code)
            .bind(i as i64)
            .bind(&p.field)
            .bind(&p.agency)
            .bind(&p.level)
            .bind(p.online.id())
            .bind(to_json(p)?)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn load_catalogue(&self) -> anyhow::Result<Catalogue> {
        let all = |table: &str| format!("SELECT data FROM {table} ORDER BY position");
        Ok(Catalogue {
            levels: from_rows(sqlx::query(&all("levels")).fetch_all(&self.pool).await?)?,
            fields: from_rows(sqlx::query(&all("fields")).fetch_all(&self.pool).await?)?,
            agencies: from_rows(sqlx::query(&all("agencies")).fetch_all(&self.pool).await?)?,
            procedures: from_rows(
                sqlx::query(&all("procedures"))
                    .fetch_all(&self.pool)
                    .await?,
            )?,
        })
    }
}
