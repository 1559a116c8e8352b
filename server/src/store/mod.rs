//! The only place that runs SQL, one file per kind of data. Everything above it speaks in domain
//! types, so the SQLite default can be joined by PostgreSQL behind the same functions.

pub mod accounts;
pub mod bulk;
pub mod catalogue;
pub mod companies;
pub mod dossiers;
pub mod durations;
pub mod feedback;
pub mod fees;
pub mod inbox;
pub mod projects;
pub mod questions;
pub mod ratings;
pub mod search;
pub mod sign_ins;
pub mod stats;
pub mod uploads;

use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use motcua_api::calendar::Date;
use motcua_api::lifecycle::Status;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub const DATABASE_FILE: &str = "motcua.sqlite";

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    /// A connection of its own that never writes, to ask whether anything was committed since.
    watch: std::sync::Arc<tokio::sync::Mutex<sqlx::SqliteConnection>>,
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
            .connect_with(options.clone())
            .await
            .with_context(|| format!("opening {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("applying migrations")?;
        let watch = <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&options).await?;
        Ok(Self {
            pool,
            watch: std::sync::Arc::new(tokio::sync::Mutex::new(watch)),
        })
    }

    pub async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

fn to_json<T: Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_json::to_string(value)?)
}

fn parse<T: DeserializeOwned>(s: &str) -> anyhow::Result<T> {
    Ok(serde_json::from_str(s)?)
}

fn status(s: &str) -> anyhow::Result<Status> {
    Status::parse(s).ok_or_else(|| anyhow::anyhow!("unknown status {s}"))
}

/// A stored date: a bad one is an error, never taken as some other day.
fn date(s: &str) -> anyhow::Result<Date> {
    s.parse::<Date>().map_err(anyhow::Error::msg)
}

/// An enum stored under its id (its serde name), read back.
fn enum_parse<T: DeserializeOwned>(s: &str) -> anyhow::Result<T> {
    Ok(serde_json::from_value(serde_json::Value::String(
        s.to_string(),
    ))?)
}

/// `INSERT INTO table (columns) VALUES (?, …), …` for `rows` rows.
fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let one = format!("({})", vec!["?"; columns.len()].join(", "));
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        columns.join(", "),
        vec![one; rows].join(", ")
    )
}
