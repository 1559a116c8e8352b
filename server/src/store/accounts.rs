//! Accounts, their sessions, and the failed sign-ins and lookups counted for rate limiting.

use motcua_api::account::Me;
use sqlx::Row;

use super::{insert_sql, to_json, Query, Store};

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

/// The columns an account is written with, by `create_account` and the bulk loader alike.
pub(super) const ACCOUNT_COLUMNS: &[&str] = &[
    "kind",
    "identifier",
    "password_hash",
    "agency",
    "profile",
    "created_at",
];

pub(super) fn bind_account<'q>(
    q: Query<'q>,
    account: &'q NewAccount,
    created_at: i64,
) -> anyhow::Result<Query<'q>> {
    Ok(q.bind(account.me.kind.id())
        .bind(&account.me.identifier)
        .bind(&account.password_hash)
        .bind(&account.me.agency)
        .bind(to_json(&account.me)?)
        .bind(created_at))
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
        let sql = insert_sql("accounts", ACCOUNT_COLUMNS, 1);
        let result = bind_account(sqlx::query(&sql), account, now)?
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
