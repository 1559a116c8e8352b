//! Accounts, their sessions, and the sign-in attempts, registrations and failed lookups counted for
//! rate limiting.

use super::numbered;
use motcua_api::account::Me;
use sqlx::Row;

use super::{flag, insert_sql, one_at_a_time, to_json, Query, Store};

/// An account as the login check needs it.
pub struct AccountRecord {
    pub id: i64,
    pub password_hash: String,
    pub me: Me,
    pub disabled: bool,
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

pub(super) const ACCOUNT_SELECT: &str =
    "SELECT id, password_hash, profile, disabled_at IS NOT NULL AS disabled FROM accounts";

pub(super) fn account_from_row(row: &sqlx::any::AnyRow) -> anyhow::Result<AccountRecord> {
    let id: i64 = row.try_get("id")?;
    let mut me: Me = serde_json::from_str(row.try_get::<&str, _>("profile")?)?;
    me.id = id;
    Ok(AccountRecord {
        id,
        password_hash: row.try_get("password_hash")?,
        me,
        disabled: flag(row, "disabled")?,
    })
}

impl Store {
    pub async fn create_account(
        &self,
        account: &NewAccount,
        now: i64,
    ) -> Result<Me, CreateAccountError> {
        let sql = insert_sql("accounts", ACCOUNT_COLUMNS, 1) + " RETURNING id";
        let result = bind_account(sqlx::query(&sql), account, now)?
            .fetch_one(&self.pool)
            .await;
        match result {
            Ok(row) => Ok(Me {
                id: row.try_get(0).map_err(anyhow::Error::from)?,
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
        sqlx::query(&numbered(&format!("{ACCOUNT_SELECT} WHERE identifier = ?")))
            .bind(identifier)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| account_from_row(&row))
            .transpose()
    }

    pub async fn account_by_id(&self, id: i64) -> anyhow::Result<Option<AccountRecord>> {
        sqlx::query(&numbered(&format!("{ACCOUNT_SELECT} WHERE id = ?")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| account_from_row(&row))
            .transpose()
    }

    pub async fn set_password_hash(&self, id: i64, hash: &str) -> anyhow::Result<()> {
        sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Puts an officer at another office: the column queues are read by and the profile shown.
    pub async fn move_officer(&self, id: i64, agency: &str) -> anyhow::Result<()> {
        sqlx::query(
            "UPDATE accounts SET agency = $1, profile = json_set(profile, '$.agency', $2) \
             WHERE id = $3 AND kind = 'officer'",
        )
        .bind(agency)
        .bind(agency)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn create_session(&self, session: &NewSession<'_>) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, idle_seconds, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(session.token_hash)
        .bind(session.account_id)
        .bind(session.now)
        .bind(session.now)
        .bind(session.idle_seconds)
        .bind(session.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The account behind a live session (neither idle too long nor past its lifetime, its account
    /// not disabled), and when the session was last seen.
    pub async fn session_account(
        &self,
        token_hash: &str,
        now: i64,
    ) -> anyhow::Result<Option<(Me, i64)>> {
        let row = sqlx::query(
            "SELECT a.id, a.password_hash, a.profile, a.disabled_at IS NOT NULL AS disabled, s.last_seen_at \
             FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at + s.idle_seconds > $3 \
             AND a.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((account_from_row(&r)?.me, r.try_get("last_seen_at")?)))
            .transpose()
    }

    /// A live session's clock, read without renewing it: when it was last seen, how long it may go
    /// unused, and when it ends in any case.
    pub async fn session_clock(
        &self,
        token_hash: &str,
        now: i64,
    ) -> anyhow::Result<Option<(i64, i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT s.last_seen_at, s.idle_seconds, s.expires_at \
             FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at + s.idle_seconds > $3 \
             AND a.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> anyhow::Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every other session of the account, as after a password change.
    pub async fn delete_other_sessions(&self, account_id: i64, keep: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
            .bind(account_id)
            .bind(keep)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_sessions(&self, account_id: i64) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Disables the account and ends its sessions; false when there is no such account.
    pub async fn disable_account(&self, identifier: &str, now: i64) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE accounts SET disabled_at = coalesce(disabled_at, $1) WHERE identifier = $2 RETURNING id",
        )
        .bind(now)
        .bind(identifier)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = id {
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id.is_some())
    }

    /// Writes a sign-in attempt if the limits allow one, and says so. Counting and writing are one
    /// statement, one address at a time (`one_at_a_time`): parallel attempts cannot all read the
    /// same count and all go on to a password check.
    pub async fn reserve_login_attempt(
        &self,
        identifier: &str,
        address: &str,
        now: i64,
        limits: &LoginLimits,
    ) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        one_at_a_time(&mut tx, &format!("login_attempts {address}")).await?;
        let done = sqlx::query(
            "INSERT INTO login_attempts (identifier, address, at) \
             SELECT $1, $2, $3 FROM \
               (SELECT COUNT(*) AS n, MAX(at) AS last FROM login_attempts \
                WHERE identifier = $4 AND address = $5 AND at >= $6) AS pair \
             WHERE (pair.n < $7 OR pair.last + min($8, $9 << CAST(min(pair.n - $10, 20) AS INTEGER)) <= $11) \
             AND (SELECT COUNT(*) FROM login_attempts WHERE address = $12 AND at >= $13) < $14",
        )
        .bind(identifier)
        .bind(address)
        .bind(now)
        .bind(identifier)
        .bind(address)
        .bind(now - limits.pair_window)
        .bind(limits.pair_free)
        .bind(limits.max_delay)
        .bind(limits.first_delay)
        .bind(limits.pair_free)
        .bind(now)
        .bind(address)
        .bind(now - limits.address_window)
        .bind(limits.address_limit)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// The attempts for the account from the address within `since`, and when the last was.
    pub async fn login_attempts(
        &self,
        identifier: &str,
        address: &str,
        since: i64,
    ) -> anyhow::Result<(i64, Option<i64>)> {
        Ok(sqlx::query_as(
            "SELECT COUNT(*), MAX(at) FROM login_attempts WHERE identifier = $1 AND address = $2 AND at >= $3",
        )
        .bind(identifier)
        .bind(address)
        .bind(since)
        .fetch_one(&self.pool)
        .await?)
    }

    /// After a right password: the account's attempts from that address no longer count.
    pub async fn clear_login_attempts(
        &self,
        identifier: &str,
        address: &str,
    ) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM login_attempts WHERE identifier = $1 AND address = $2")
            .bind(identifier)
            .bind(address)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Writes an event for `key` if fewer than `limit` were written at `since` or later, and says
    /// so; one statement, so parallel requests cannot all pass.
    pub async fn record_within(
        &self,
        log: FailureLog,
        scope: &str,
        key: &str,
        since: i64,
        limit: i64,
        now: i64,
    ) -> anyhow::Result<bool> {
        Ok(self
            .reserve_try(log, scope, key, since, limit, now)
            .await?
            .is_some())
    }

    /// Counts a request from `key` (an address) under `scope` if fewer than `limit` were counted in the
    /// `window` seconds before `now`, as [`Store::record_within`] does; otherwise answers the seconds
    /// until one more is allowed.
    pub async fn count_request(
        &self,
        scope: &str,
        key: &str,
        window: i64,
        limit: i64,
        now: i64,
    ) -> anyhow::Result<Option<i64>> {
        let since = now - window + 1;
        if self
            .record_within(FailureLog::Request, scope, key, since, limit, now)
            .await?
        {
            return Ok(None);
        }
        // One is allowed again when the `limit`-th newest falls out of the window.
        let oldest_counted: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(at) FROM (SELECT at FROM address_requests \
             WHERE scope = $1 AND key = $2 AND at >= $3 ORDER BY at DESC LIMIT $4) AS counted",
        )
        .bind(scope)
        .bind(key)
        .bind(since)
        .bind(limit)
        .fetch_one(&self.pool)
        .await?;
        Ok(Some(
            oldest_counted.map_or(1, |at| (at + window - now).max(1)),
        ))
    }

    /// Removes what no limit counts any more (rows older than `before`) and sessions that have
    /// ended.
    pub async fn prune(&self, before: i64, now: i64) -> anyhow::Result<()> {
        for table in [
            "login_attempts",
            "lookup_failures",
            "registration_attempts",
            "address_requests",
        ] {
            sqlx::query(&numbered(&format!("DELETE FROM {table} WHERE at < ?")))
                .bind(before)
                .execute(&self.pool)
                .await?;
        }
        sqlx::query(
            "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at + idle_seconds <= $2",
        )
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Counts one more try of `key` if fewer than `limit` were counted at `since` or later, in one
    /// statement (so parallel tries cannot all pass), and answers its row to give back with
    /// [`Store::give_back`]; `None` when the limit is reached.
    pub async fn reserve_try(
        &self,
        log: FailureLog,
        scope: &str,
        key: &str,
        since: i64,
        limit: i64,
        now: i64,
    ) -> anyhow::Result<Option<i64>> {
        let table = log.table();
        let mut tx = self.write().await?;
        one_at_a_time(&mut tx, &format!("{table} {scope} {key}")).await?;
        let reserved = sqlx::query_scalar(&numbered(&format!(
            "INSERT INTO {table} (scope, key, at) SELECT ?, ?, ? \
             WHERE (SELECT COUNT(*) FROM {table} WHERE scope = ? AND key = ? AND at >= ?) < ? \
             RETURNING rowid"
        )))
        .bind(scope)
        .bind(key)
        .bind(now)
        .bind(scope)
        .bind(key)
        .bind(since)
        .bind(limit)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(reserved)
    }

    /// Tries counted by [`Store::reserve_try`] that turned out not to count (they succeeded).
    pub async fn give_back(&self, log: FailureLog, rows: &[i64]) -> anyhow::Result<()> {
        for row in rows {
            sqlx::query(&numbered(&format!(
                "DELETE FROM {} WHERE rowid = ?",
                log.table()
            )))
            .bind(row)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    pub async fn record_failure(
        &self,
        log: FailureLog,
        scope: &str,
        key: &str,
        now: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(&numbered(&format!(
            "INSERT INTO {} (scope, key, at) VALUES (?, ?, ?)",
            log.table()
        )))
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
        Ok(sqlx::query_scalar(&numbered(&format!(
            "SELECT COUNT(*) FROM {} WHERE scope = ? AND key = ? AND at >= ?",
            log.table()
        )))
        .bind(scope)
        .bind(key)
        .bind(since)
        .fetch_one(&self.pool)
        .await?)
    }
}

/// A new session: its token's hash, and when it ends.
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub account_id: i64,
    pub now: i64,
    pub idle_seconds: i64,
    pub expires_at: i64,
}

/// How many sign-in attempts are allowed. Per account and address, `pair_free` within `pair_window`;
/// after that each further attempt waits `first_delay` after the last, doubling with each, up to
/// `max_delay`. Per address, `address_limit` within `address_window`, whatever the account.
pub struct LoginLimits {
    pub pair_free: i64,
    pub pair_window: i64,
    pub first_delay: i64,
    pub max_delay: i64,
    pub address_limit: i64,
    pub address_window: i64,
}

impl LoginLimits {
    /// The wait after `n` attempts in the window.
    pub fn delay(&self, n: i64) -> i64 {
        if n < self.pair_free {
            0
        } else {
            (self.first_delay << (n - self.pair_free).min(20)).min(self.max_delay)
        }
    }
}

/// What is counted for rate limiting, each in its own table: failed public dossier lookups and
/// registrations. Sign-in attempts have their own table, counted per account and address.
#[derive(Debug, Clone, Copy)]
pub enum FailureLog {
    Lookup,
    Registration,
    /// Uploads and submissions, counted per address.
    Request,
}

impl FailureLog {
    fn table(self) -> &'static str {
        match self {
            FailureLog::Lookup => "lookup_failures",
            FailureLog::Registration => "registration_attempts",
            FailureLog::Request => "address_requests",
        }
    }
}
