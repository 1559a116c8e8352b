//! The only place that runs SQL. Everything above it speaks in domain types, so the SQLite default can
//! be joined by PostgreSQL behind the same functions.

use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use serde::{de::DeserializeOwned, Serialize};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use motcua_api::account::Me;

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
        for table in [
            "forms",
            "places",
            "procedures",
            "agencies",
            "fields",
            "levels",
        ] {
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
        for form in &catalogue.forms {
            sqlx::query("INSERT INTO forms (procedure, data) VALUES (?, ?)")
                .bind(&form.procedure)
                .bind(to_json(form)?)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO places (id, data) VALUES (1, ?)")
            .bind(to_json(&catalogue.places)?)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO holidays (id, data) VALUES (1, ?)")
            .bind(to_json(&catalogue.holidays)?)
            .execute(&mut *tx)
            .await?;
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
            forms: from_rows(
                sqlx::query("SELECT data FROM forms ORDER BY procedure")
                    .fetch_all(&self.pool)
                    .await?,
            )?,
            places: from_rows(
                sqlx::query("SELECT data FROM places")
                    .fetch_all(&self.pool)
                    .await?,
            )?
            .pop()
            .unwrap_or_default(),
            holidays: from_rows(
                sqlx::query("SELECT data FROM holidays")
                    .fetch_all(&self.pool)
                    .await?,
            )?
            .pop()
            .unwrap_or_default(),
        })
    }
}

/// An account as the login check needs it.
pub struct AccountRecord {
    pub id: i64,
    pub password_hash: String,
    pub me: Me,
}

/// What registering or creating an account stores.
pub struct NewAccount {
    pub password_hash: String,
    pub me: Me,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    #[error("an account with this identifier exists")]
    Taken,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

fn account_from_row(row: &sqlx::sqlite::SqliteRow) -> anyhow::Result<AccountRecord> {
    let id: i64 = row.try_get("id")?;
    let mut me: Me = serde_json::from_str(row.try_get::<&str, _>("profile")?)?;
    me.id = id;
    Ok(AccountRecord {
        id,
        password_hash: row.try_get("password_hash")?,
        me,
    })
}

impl Store {
    pub async fn create_account(
        &self,
        account: &NewAccount,
        now: i64,
    ) -> Result<Me, CreateAccountError> {
        let result = sqlx::query(
            "INSERT INTO accounts (kind, identifier, password_hash, agency, profile, created_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(account.me.kind.id())
        .bind(&account.me.identifier)
        .bind(&account.password_hash)
        .bind(&account.me.agency)
        .bind(to_json(&account.me)?)
        .bind(now)
        .execute(&self.pool)
        .await;
        match result {
            Ok(done) => Ok(Me {
                id: done.last_insert_rowid(),
                ..account.me.clone()
            }),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(CreateAccountError::Taken)
            }
            Err(e) => Err(CreateAccountError::Other(e.into())),
        }
    }

    pub async fn account_by_identifier(
        &self,
        identifier: &str,
    ) -> anyhow::Result<Option<AccountRecord>> {
        sqlx::query("SELECT id, password_hash, profile FROM accounts WHERE identifier = ?")
            .bind(identifier)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| account_from_row(&row))
            .transpose()
    }

    pub async fn account_by_id(&self, id: i64) -> anyhow::Result<Option<AccountRecord>> {
        sqlx::query("SELECT id, password_hash, profile FROM accounts WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| account_from_row(&row))
            .transpose()
    }

    pub async fn agency_exists(&self, id: &str) -> anyhow::Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agencies WHERE id = ?")
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    pub async fn set_password_hash(&self, id: i64, hash: &str) -> anyhow::Result<()> {
        sqlx::query("UPDATE accounts SET password_hash = ? WHERE id = ?")
            .bind(hash)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        account_id: i64,
        now: i64,
        expires_at: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The account behind a live session.
    pub async fn session_account(&self, token_hash: &str, now: i64) -> anyhow::Result<Option<Me>> {
        let row = sqlx::query(
            "SELECT a.id, a.password_hash, a.profile FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = ? AND s.expires_at > ?",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| account_from_row(&r)).transpose()?.map(|a| a.me))
    }

    pub async fn delete_session(&self, token_hash: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every other session of the account, as after a password change.
    pub async fn delete_other_sessions(&self, account_id: i64, keep: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?")
            .bind(account_id)
            .bind(keep)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn record_login_failure(
        &self,
        scope: &str,
        key: &str,
        now: i64,
    ) -> anyhow::Result<()> {
        sqlx::query("INSERT INTO login_failures (scope, key, at) VALUES (?, ?, ?)")
            .bind(scope)
            .bind(key)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn login_failures_since(
        &self,
        scope: &str,
        key: &str,
        since: i64,
    ) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failures WHERE scope = ? AND key = ? AND at > ?",
        )
        .bind(scope)
        .bind(key)
        .bind(since)
        .fetch_one(&self.pool)
        .await?)
    }

    pub async fn clear_login_failures(&self, scope: &str, key: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE scope = ? AND key = ?")
            .bind(scope)
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
