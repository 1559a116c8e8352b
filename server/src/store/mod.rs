//! The only place that runs SQL. Everything above it speaks in domain types, so the SQLite default can
//! be joined by PostgreSQL behind the same functions.

mod bulk;
pub mod lifecycle;
pub mod outbox;

pub use bulk::{BulkAccount, BulkDossier, BulkEvent, BulkUpload, BulkWriter};

use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use serde::{de::DeserializeOwned, Serialize};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use motcua_api::account::Me;
use motcua_api::dossier::{Draft, Receipt, UploadInfo};

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
            "workflows",
            "satisfaction",
            "holidays",
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
        for (table, data) in [
            ("workflows", to_json(&catalogue.workflows)?),
            ("satisfaction", to_json(&catalogue.satisfaction)?),
        ] {
            sqlx::query(&format!("INSERT INTO {table} (id, data) VALUES (1, ?)"))
                .bind(data)
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
            workflows: from_rows(
                sqlx::query("SELECT data FROM workflows")
                    .fetch_all(&self.pool)
                    .await?,
            )?
            .pop()
            .flatten(),
            satisfaction: from_rows(
                sqlx::query("SELECT data FROM satisfaction")
                    .fetch_all(&self.pool)
                    .await?,
            )?
            .pop()
            .flatten(),
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

    pub async fn record_failure(
        &self,
        log: FailureLog,
        scope: &str,
        key: &str,
        now: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(&format!(
            "INSERT INTO {} (scope, key, at) VALUES (?, ?, ?)",
            log.table()
        ))
        .bind(scope)
        .bind(key)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The failures recorded for `key` at `since` or later.
    pub async fn failures_since(
        &self,
        log: FailureLog,
        scope: &str,
        key: &str,
        since: i64,
    ) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {} WHERE scope = ? AND key = ? AND at >= ?",
            log.table()
        ))
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

/// What is counted for rate limiting, each in its own table: failed sign-ins and failed public
/// dossier lookups.
#[derive(Debug, Clone, Copy)]
pub enum FailureLog {
    Login,
    Lookup,
}

impl FailureLog {
    fn table(self) -> &'static str {
        match self {
            FailureLog::Login => "login_failures",
            FailureLog::Lookup => "lookup_failures",
        }
    }
}

/// A stored upload, with the hash that finds its bytes.
pub struct UploadRecord {
    pub info: UploadInfo,
    pub sha256: String,
    pub dossier: Option<String>,
}

/// A new dossier, ready to be numbered and stored.
pub struct NewDossier<'a> {
    pub owner: i64,
    pub idempotency_key: &'a str,
    pub procedure: &'a str,
    pub agency: &'a str,
    pub agency_code: &'a str,
    pub received_at: i64,
    /// `YYMMDD` of the day of receipt, in Vietnam.
    pub day: &'a str,
    pub due_date: &'a str,
    pub upload_ids: Vec<String>,
    pub draft_id: Option<&'a str>,
    pub progress: &'a crate::lifecycle::Progress,
    /// A business applicant's 10-digit tax code: the company's dossiers are all of its accounts'.
    pub company: Option<&'a str>,
    pub check_phone: &'a str,
    pub check_id: &'a str,
    pub applicant: &'a str,
}

impl Store {
    pub async fn create_upload(
        &self,
        owner: i64,
        sha256: &str,
        info: &UploadInfo,
        now: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO uploads (id, owner, sha256, name, size, content_type, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&info.id)
        .bind(owner)
        .bind(sha256)
        .bind(&info.name)
        .bind(info.size as i64)
        .bind(&info.content_type)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// An upload, only if `owner` made it: anyone else gets the same "no such upload".
    pub async fn upload(&self, owner: i64, id: &str) -> anyhow::Result<Option<UploadRecord>> {
        let row = sqlx::query(
            "SELECT id, sha256, name, size, content_type, dossier FROM uploads WHERE id = ? AND owner = ?",
        )
        .bind(id)
        .bind(owner)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(UploadRecord {
                info: UploadInfo {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    size: r.try_get::<i64, _>("size")? as u64,
                    content_type: r.try_get("content_type")?,
                },
                sha256: r.try_get("sha256")?,
                dossier: r.try_get("dossier")?,
            })
        })
        .transpose()
    }

    /// Removes an upload not yet part of a dossier; returns whether the bytes are now unreferenced.
    pub async fn delete_upload(&self, owner: i64, id: &str, sha256: &str) -> anyhow::Result<bool> {
        sqlx::query("DELETE FROM uploads WHERE id = ? AND owner = ? AND dossier IS NULL")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?;
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM uploads WHERE sha256 = ?")
            .bind(sha256)
            .fetch_one(&self.pool)
            .await?;
        Ok(left == 0)
    }

    pub async fn put_draft(&self, owner: i64, id: &str, draft: &Draft) -> anyhow::Result<bool> {
        // The owner check is in the statement: another person's draft under the same id is untouched
        // and reported as not found.
        let done = sqlx::query(
            "INSERT INTO drafts (id, owner, procedure, data, updated_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET procedure = excluded.procedure, data = excluded.data, \
             updated_at = excluded.updated_at WHERE drafts.owner = excluded.owner",
        )
        .bind(id)
        .bind(owner)
        .bind(&draft.procedure)
        .bind(to_json(draft)?)
        .bind(draft.updated_at)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn draft(&self, owner: i64, id: &str) -> anyhow::Result<Option<Draft>> {
        let data: Option<String> =
            sqlx::query_scalar("SELECT data FROM drafts WHERE id = ? AND owner = ?")
                .bind(id)
                .bind(owner)
                .fetch_optional(&self.pool)
                .await?;
        data.map(|d| Ok(serde_json::from_str(&d)?)).transpose()
    }

    pub async fn delete_draft(&self, owner: i64, id: &str) -> anyhow::Result<bool> {
        let done = sqlx::query("DELETE FROM drafts WHERE id = ? AND owner = ?")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The owner's drafts, last changed first.
    pub async fn drafts(&self, owner: i64) -> anyhow::Result<Vec<(String, Draft)>> {
        let rows =
            sqlx::query("SELECT id, data FROM drafts WHERE owner = ? ORDER BY updated_at DESC")
                .bind(owner)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    serde_json::from_str(r.try_get::<&str, _>("data")?)?,
                ))
            })
            .collect()
    }

    pub async fn dossier_by_key(&self, owner: i64, key: &str) -> anyhow::Result<Option<Receipt>> {
        let data: Option<String> =
            sqlx::query_scalar("SELECT data FROM dossiers WHERE owner = ? AND idempotency_key = ?")
                .bind(owner)
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        data.map(|d| Ok(serde_json::from_str(&d)?)).transpose()
    }

    /// A dossier, only for its owner.
    pub async fn dossier(&self, owner: i64, code: &str) -> anyhow::Result<Option<Receipt>> {
        let data: Option<String> =
            sqlx::query_scalar("SELECT data FROM dossiers WHERE code = ? AND owner = ?")
                .bind(code)
                .bind(owner)
                .fetch_optional(&self.pool)
                .await?;
        data.map(|d| Ok(serde_json::from_str(&d)?)).transpose()
    }

    /// Numbers and stores a dossier in one transaction: the day's next sequence number for the agency,
    /// the dossier, its files bound to it, its draft gone. `receipt` is completed with the code. A
    /// concurrent submit with the same idempotency key loses on the unique key and returns `None`.
    pub async fn create_dossier(
        &self,
        new: NewDossier<'_>,
        receipt: &mut Receipt,
    ) -> anyhow::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO dossier_sequences (agency, day, last) VALUES (?, ?, 1) \
             ON CONFLICT (agency, day) DO UPDATE SET last = last + 1 RETURNING last",
        )
        .bind(new.agency)
        .bind(new.day)
        .fetch_one(&mut *tx)
        .await?;
        receipt.code = format!("{}-{}-{:04}", new.agency_code, new.day, seq);
        let inserted = sqlx::query(
            "INSERT INTO dossiers (code, owner, idempotency_key, procedure, agency, received_at, \
             due_date, data, holder, step_due, company, check_phone, check_id, workflow, applicant) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (owner, idempotency_key) DO NOTHING",
        )
        .bind(&receipt.code)
        .bind(new.owner)
        .bind(new.idempotency_key)
        .bind(new.procedure)
        .bind(new.agency)
        .bind(new.received_at)
        .bind(new.due_date)
        .bind(to_json(receipt)?)
        .bind(new.progress.holder())
        .bind(new.progress.step_due())
        .bind(new.company)
        .bind(new.check_phone)
        .bind(new.check_id)
        .bind(to_json(new.progress)?)
        .bind(new.applicant)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        lifecycle::insert_event(
            &mut tx,
            &receipt.code,
            motcua_api::lifecycle::Status::Submitted,
            &lifecycle::NewEvent {
                at: new.received_at,
                kind: motcua_api::lifecycle::EventKind::Submitted,
                step: &new.progress.step().step.id,
                agency: new.progress.holder(),
                role: motcua_api::lifecycle::Role::Applicant,
                account: Some(new.owner),
                data: &lifecycle::EventData::default(),
            },
        )
        .await?;
        for id in &new.upload_ids {
            sqlx::query("UPDATE uploads SET dossier = ? WHERE id = ? AND owner = ?")
                .bind(&receipt.code)
                .bind(id)
                .bind(new.owner)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(draft) = new.draft_id {
            sqlx::query("DELETE FROM drafts WHERE id = ? AND owner = ?")
                .bind(draft)
                .bind(new.owner)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
