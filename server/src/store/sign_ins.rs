//! Sign-ins with the national e-ID: those under way, and the accounts they open.

use super::numbered;
use motcua_api::account::{AccountKind, Me};
use sqlx::Row;

use super::accounts::{account_from_row, ACCOUNT_SELECT};
use super::{to_json, Store};

/// The person an e-ID sign-in names, as the provider vouched for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EidIdentity {
    /// The provider's own, unchanging name for the person (`sub`).
    pub subject: String,
    pub citizen_id: String,
    pub full_name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
}

/// A sign-in between sending the person to the provider and their coming back.
pub struct PendingSignIn {
    pub state_hash: String,
    pub nonce: String,
    pub verifier: String,
    /// The path of this site to go on to.
    pub next: String,
}

#[derive(Debug, thiserror::Error)]
pub enum EidAccountError {
    #[error("the account is disabled")]
    Disabled,
    /// The ID number is another kind of account's identifier, or already signed in as another
    /// e-ID subject.
    #[error("the ID number belongs to another account")]
    Conflict,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for EidAccountError {
    fn from(e: sqlx::Error) -> Self {
        EidAccountError::Other(e.into())
    }
}

impl Store {
    /// Keeps a new sign-in, after dropping those older than `expired_before`; false when `cap` are
    /// under way already, so people who start sign-ins and never finish cannot fill the database.
    pub async fn begin_eid_sign_in(
        &self,
        pending: &PendingSignIn,
        now: i64,
        expired_before: i64,
        cap: i64,
    ) -> anyhow::Result<bool> {
        sqlx::query("DELETE FROM eid_sign_ins WHERE created_at < $1")
            .bind(expired_before)
            .execute(&self.pool)
            .await?;
        let done = sqlx::query(
            "INSERT INTO eid_sign_ins (state_hash, nonce, verifier, next, created_at) \
             SELECT $1, $2, $3, $4, $5 WHERE (SELECT COUNT(*) FROM eid_sign_ins) < $6",
        )
        .bind(&pending.state_hash)
        .bind(&pending.nonce)
        .bind(&pending.verifier)
        .bind(&pending.next)
        .bind(now)
        .bind(cap)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The sign-in kept under `state_hash` if it began at `since` or later, removed as it is read:
    /// a state answers once.
    pub async fn take_eid_sign_in(
        &self,
        state_hash: &str,
        since: i64,
    ) -> anyhow::Result<Option<PendingSignIn>> {
        let row = sqlx::query(
            "DELETE FROM eid_sign_ins WHERE state_hash = $1 RETURNING nonce, verifier, next, created_at",
        )
        .bind(state_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        if row.try_get::<i64, _>("created_at")? < since {
            return Ok(None);
        }
        Ok(Some(PendingSignIn {
            state_hash: state_hash.to_string(),
            nonce: row.try_get("nonce")?,
            verifier: row.try_get("verifier")?,
            next: row.try_get("next")?,
        }))
    }

    /// The account an e-ID sign-in opens: the one signed in as this subject before, else the
    /// citizen account registered with the same ID number, else a new one; verified, with the name,
    /// ID number and date of birth the e-ID gave.
    ///
    /// Taking over a password account with the same ID number: whoever typed that number at
    /// registration proved nothing, and may not be its owner; the e-ID proves the owner. So the
    /// account becomes the e-ID holder's — its dossiers were filed in that ID number's name — and
    /// the password and every session of it end, so a stranger who had registered the number loses
    /// the account rather than sharing a verified one. Its owner signs in with the e-ID from then on.
    pub async fn eid_account(&self, who: &EidIdentity, now: i64) -> Result<Me, EidAccountError> {
        let mut tx = self.write().await?;
        let mut found: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT id, eid_subject FROM accounts WHERE eid_subject = $1")
                .bind(&who.subject)
                .fetch_optional(&mut *tx)
                .await?;
        if found.is_none() {
            found = sqlx::query_as("SELECT id, eid_subject FROM accounts WHERE identifier = $1")
                .bind(&who.citizen_id)
                .fetch_optional(&mut *tx)
                .await?;
        }
        let row = match &found {
            Some((id, _)) => Some(
                sqlx::query(&numbered(&format!("{ACCOUNT_SELECT} WHERE id = ?")))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?,
            ),
            None => None,
        };
        let subject = found.and_then(|(_, s)| s);
        let me = match row {
            Some(row) => {
                let record = account_from_row(&row)?;
                if record.disabled {
                    return Err(EidAccountError::Disabled);
                }
                if record.me.kind != AccountKind::Citizen
                    || subject.as_ref().is_some_and(|s| s != &who.subject)
                {
                    return Err(EidAccountError::Conflict);
                }
                let me = Me {
                    identifier: who.citizen_id.clone(),
                    full_name: who.full_name.clone(),
                    date_of_birth: Some(who.date_of_birth.clone()),
                    verified: true,
                    ..record.me
                };
                sqlx::query(
                    "UPDATE accounts SET identifier = $1, profile = $2, eid_subject = $3, password_hash = '' \
                     WHERE id = $4",
                )
                .bind(&me.identifier)
                .bind(to_json(&me)?)
                .bind(&who.subject)
                .bind(me.id)
                .execute(&mut *tx)
                .await
                .map_err(|e| match e {
                    sqlx::Error::Database(d) if d.is_unique_violation() => {
                        EidAccountError::Conflict
                    }
                    e => e.into(),
                })?;
                if subject.is_none() {
                    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                        .bind(me.id)
                        .execute(&mut *tx)
                        .await?;
                }
                me
            }
            None => {
                let mut me = Me {
                    id: 0,
                    kind: AccountKind::Citizen,
                    identifier: who.citizen_id.clone(),
                    full_name: who.full_name.clone(),
                    date_of_birth: Some(who.date_of_birth.clone()),
                    company_name: None,
                    legal_representative: None,
                    phone: String::new(),
                    email: String::new(),
                    address: String::new(),
                    agency: None,
                    verified: true,
                };
                // No password: an empty hash matches none.
                me.id = sqlx::query_scalar(
                    "INSERT INTO accounts (kind, identifier, password_hash, profile, created_at, eid_subject) \
                     VALUES ('citizen', $1, '', $2, $3, $4) RETURNING id",
                )
                .bind(&me.identifier)
                .bind(to_json(&me)?)
                .bind(now)
                .bind(&who.subject)
                .fetch_one(&mut *tx)
                .await?;
                me
            }
        };
        tx.commit().await?;
        Ok(me)
    }
}
