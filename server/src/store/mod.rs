//! The only place that runs SQL, one file per kind of data. Everything above it speaks in domain
//! types, so the SQLite default can be joined by PostgreSQL behind the same functions.

pub mod accounts;
mod announcements;
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

pub use announcements::Heard;

use std::path::Path;

use anyhow::Context;
use motcua_api::calendar::Date;
use motcua_api::lifecycle::Status;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};

pub const DATABASE_FILE: &str = "motcua.sqlite";

/// The database a store runs on: the SQL both understand is written once, and the few places they
/// differ ask this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite only: a connection of its own that never writes, to ask whether anything was committed
    /// since (PostgreSQL answers that from any connection).
    watch: Option<std::sync::Arc<tokio::sync::Mutex<AnyConnection>>>,
    /// The address it was opened at, for the connections outside the pool (listening).
    url: std::sync::Arc<str>,
}

/// Settings each SQLite connection starts with: write-ahead logging so readers never wait for the
/// writer, foreign keys enforced, and a writer waits for another instead of failing at once.
const SQLITE_SETUP: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

impl Store {
    /// The database in `data_dir`, where no database address is given.
    pub fn default_url(data_dir: &Path) -> String {
        format!("sqlite://{}", data_dir.join(DATABASE_FILE).display())
    }

    /// Opens (creating a SQLite file if needed) the database at `url` (`sqlite://…` or
    /// `postgres://…`) and brings its schema up to date.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            anyhow::bail!("the database address must start with sqlite:// or postgres://");
        };
        let (url, shown) = match backend {
            Backend::Sqlite => {
                let path = url
                    .trim_start_matches("sqlite:")
                    .trim_start_matches("//")
                    .split('?')
                    .next()
                    .unwrap_or_default();
                if let Some(dir) = Path::new(path)
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating data directory {}", dir.display()))?;
                }
                (format!("sqlite://{path}?mode=rwc"), path.to_string())
            }
            // The password never goes to the log.
            Backend::Postgres => (url.to_string(), redact(url)),
        };
        let mut options = AnyPoolOptions::new().max_connections(8);
        if backend == Backend::Sqlite {
            // A file has no far end to hang up, and the ping that tests a connection before each use
            // is one more round trip to the connection's thread for every statement.
            options = options.test_before_acquire(false).after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(SQLITE_SETUP).await?;
                    Ok(())
                })
            });
        }
        let pool = options
            .connect(&url)
            .await
            .with_context(|| format!("opening {shown}"))?;
        let migrations = match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrations.run(&pool).await.context("applying migrations")?;
        let watch = match backend {
            Backend::Sqlite => {
                let mut conn = AnyConnection::connect(&url).await?;
                conn.execute(SQLITE_SETUP).await?;
                Some(std::sync::Arc::new(tokio::sync::Mutex::new(conn)))
            }
            Backend::Postgres => None,
        };
        Ok(Self {
            pool,
            backend,
            watch,
            url: url.into(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction that writes. SQLite's default transaction reads from the moment of its first
    /// read and, should another connection commit before its first write, fails that write at once
    /// (`SQLITE_BUSY_SNAPSHOT`: waiting cannot help), so a request that reads before it writes
    /// failed whenever another wrote in between. `BEGIN IMMEDIATE` takes SQLite's one write lock
    /// first, waiting its turn (`busy_timeout`). PostgreSQL's transactions wait on the rows they lock.
    async fn write(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    pub async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// SQLite's `NOT INDEXED` (its planner would take an index that walks more rows); PostgreSQL
    /// plans by itself.
    fn not_indexed(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => " NOT INDEXED",
            Backend::Postgres => "",
        }
    }

    /// SQLite's `INDEXED BY index` (its planner guesses wrong there); PostgreSQL plans by itself.
    fn indexed_by(&self, index: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!(" INDEXED BY {index}"),
            Backend::Postgres => String::new(),
        }
    }
}

/// `url` with its password hidden.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user = &url[scheme + 3..at];
            let user = user.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Makes the check-then-write that follows in the transaction on `conn` wait, until that
/// transaction ends, for any other on the same `key` (an account's quota, an address's attempts, a
/// day's numbers). SQLite writes one transaction at a time already; PostgreSQL, at its default
/// isolation, would let two see the same room and both take it.
async fn one_at_a_time(conn: &mut AnyConnection, key: &str) -> anyhow::Result<()> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(key)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// `n` positional parameters, `?, ?, …`, for an `IN (…)` or a row of values ([`numbered`] numbers
/// them for PostgreSQL).
fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// `sql` with each `?` numbered as SQLite numbers it (one past the largest number so far), written
/// `$N`, the form both databases take.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut largest = 0u32;
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' | '$' if !quoted => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                let n = match digits.parse::<u32>() {
                    Ok(n) => n,
                    Err(_) if c == '?' => largest + 1,
                    Err(_) => {
                        out.push(c);
                        continue;
                    }
                };
                largest = largest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// An integer column read as the narrower type the domain counts in; one that does not fit is an
/// error, never a wrapped number.
fn int<T: TryFrom<i64>>(r: &sqlx::any::AnyRow, column: &str) -> anyhow::Result<T> {
    use sqlx::Row;
    let n: i64 = r.try_get(column)?;
    T::try_from(n).map_err(|_| anyhow::anyhow!("{column} = {n} is out of range"))
}

/// A yes/no read back: SQLite answers a comparison or `EXISTS` with 0 or 1, PostgreSQL with a
/// boolean, and a yes/no column holds 0 or 1 in both.
struct Flag(bool);

impl sqlx::Type<sqlx::Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        ty.kind() == sqlx::any::AnyTypeInfoKind::Bool || ty.kind().is_integer()
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        match <i64 as sqlx::Decode<sqlx::Any>>::decode(value.clone()) {
            Ok(n) => Ok(Flag(n != 0)),
            Err(_) => Ok(Flag(<bool as sqlx::Decode<sqlx::Any>>::decode(value)?)),
        }
    }
}

/// A yes/no column or expression of a row.
fn flag(r: &sqlx::any::AnyRow, column: &str) -> anyhow::Result<bool> {
    use sqlx::Row;
    Ok(r.try_get::<Flag, _>(column)?.0)
}

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

/// `INSERT INTO table (columns) VALUES ($1, …), …` for `rows` rows.
fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let values = (0..rows)
        .map(|row| {
            let marks = (1..=columns.len())
                .map(|i| format!("${}", row * columns.len() + i))
                .collect::<Vec<_>>();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>();
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        columns.join(", "),
        values.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_marks_as_sqlite_does() {
        assert_eq!(
            numbered("a = ? AND b = $3 AND c = ? AND d = '?' AND e = ?1"),
            "a = $1 AND b = $3 AND c = $4 AND d = '?' AND e = $1"
        );
        assert_eq!(
            insert_sql("t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
    }

    #[test]
    fn hides_the_password() {
        assert_eq!(
            redact("postgres://motcua:secret@db:5432/motcua"),
            "postgres://motcua:***@db:5432/motcua"
        );
    }
}
