//! Companies: verification requests, verified companies, their members and invitations, and the
//! append-only audit log every change writes in the same transaction.

use super::numbered;
use motcua_api::company::{
    AuditEntry, AuditKind, Member, MemberRole, Membership, VerificationStatus,
};
use motcua_api::dossier::UploadInfo;
use motcua_api::Text;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::Store;

/// A verification request with the certificate's stored file.
pub struct VerificationRow {
    pub id: i64,
    pub account: i64,
    pub requested_by: String,
    pub tax_code: String,
    pub company_name: String,
    pub legal_representative: String,
    pub status: VerificationStatus,
    pub requested_at: i64,
    pub decided_at: Option<i64>,
    pub reason: String,
    pub certificate: UploadInfo,
    pub sha256: String,
}

/// What a request to verify stores.
pub struct NewVerification<'a> {
    pub account: i64,
    pub tax_code: &'a str,
    pub company_name: &'a str,
    pub legal_representative: &'a str,
    pub upload: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// The company is verified already (as another account, or this one).
    #[error("the company is verified already")]
    Verified,
    /// The account has a request waiting already.
    #[error("a request is waiting already")]
    Pending,
    /// The request was decided already, or the identifier is invited already.
    #[error("done already")]
    Done,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ChangeError {
    fn from(e: sqlx::Error) -> Self {
        ChangeError::Other(e.into())
    }
}

/// A verified company and its administrator.
pub struct CompanyRow {
    pub tax_code: String,
    pub name: String,
    pub admin: i64,
    pub verified_at: i64,
}

const VERIFICATION_SELECT: &str = "SELECT v.id, v.account, a.identifier AS requested_by, \
     v.tax_code, v.company_name, v.legal_representative, v.status, v.requested_at, v.decided_at, \
     v.reason, u.id AS upload_id, u.name, u.size, u.content_type, u.sha256 \
     FROM company_verifications v JOIN accounts a ON a.id = v.account \
     JOIN uploads u ON u.id = v.upload";

fn verification_row(r: &AnyRow) -> anyhow::Result<VerificationRow> {
    let status: String = r.try_get("status")?;
    Ok(VerificationRow {
        id: r.try_get("id")?,
        account: r.try_get("account")?,
        requested_by: r.try_get("requested_by")?,
        tax_code: r.try_get("tax_code")?,
        company_name: r.try_get("company_name")?,
        legal_representative: r.try_get("legal_representative")?,
        status: VerificationStatus::parse(&status)
            .ok_or_else(|| anyhow::anyhow!("unknown verification status {status}"))?,
        requested_at: r.try_get("requested_at")?,
        decided_at: r.try_get("decided_at")?,
        reason: r.try_get("reason")?,
        certificate: UploadInfo {
            id: r.try_get("upload_id")?,
            name: r.try_get("name")?,
            size: r.try_get::<i64, _>("size")? as u64,
            content_type: r.try_get("content_type")?,
        },
        sha256: r.try_get("sha256")?,
    })
}

fn role(s: &str) -> anyhow::Result<MemberRole> {
    MemberRole::parse(s).ok_or_else(|| anyhow::anyhow!("unknown member role {s}"))
}

/// One line of the audit log, written inside the change it records.
struct Audit<'a> {
    tax_code: &'a str,
    at: i64,
    kind: AuditKind,
    actor: i64,
    subject: &'a str,
    role: Option<MemberRole>,
    reason: &'a str,
}

async fn audit(tx: &mut Transaction<'_, Any>, a: Audit<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO company_audit (tax_code, at, kind, actor, subject, role, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(a.tax_code)
    .bind(a.at)
    .bind(a.kind.id())
    .bind(a.actor)
    .bind(a.subject)
    .bind(a.role.map(MemberRole::id))
    .bind(a.reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn unique(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

impl Store {
    /// Records a request to verify, unless the company is verified or the account already waits.
    pub async fn request_verification(
        &self,
        new: &NewVerification<'_>,
        now: i64,
    ) -> Result<i64, ChangeError> {
        let mut tx = self.write().await?;
        let verified = sqlx::query("SELECT 1 FROM companies WHERE tax_code = $1")
            .bind(new.tax_code)
            .fetch_optional(&mut *tx)
            .await?;
        if verified.is_some() {
            return Err(ChangeError::Verified);
        }
        let inserted = sqlx::query(
            "INSERT INTO company_verifications (account, tax_code, company_name, \
             legal_representative, upload, status, requested_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6) \
             RETURNING id",
        )
        .bind(new.account)
        .bind(new.tax_code)
        .bind(new.company_name)
        .bind(new.legal_representative)
        .bind(new.upload)
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
        let id: i64 = match inserted {
            Ok(row) => row.try_get(0)?,
            Err(e) if unique(&e) => return Err(ChangeError::Pending),
            Err(e) => return Err(e.into()),
        };
        audit(
            &mut tx,
            Audit {
                tax_code: new.tax_code,
                at: now,
                kind: AuditKind::VerificationRequested,
                actor: new.account,
                subject: "",
                role: None,
                reason: "",
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn verification(&self, id: i64) -> anyhow::Result<Option<VerificationRow>> {
        sqlx::query(&numbered(&format!("{VERIFICATION_SELECT} WHERE v.id = ?")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| verification_row(&r))
            .transpose()
    }

    /// The account's latest request, whatever became of it.
    pub async fn latest_verification(
        &self,
        account: i64,
    ) -> anyhow::Result<Option<VerificationRow>> {
        sqlx::query(&numbered(&format!(
            "{VERIFICATION_SELECT} WHERE v.account = ? ORDER BY v.id DESC LIMIT 1"
        )))
        .bind(account)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| verification_row(&r))
        .transpose()
    }

    /// The requests waiting for an officer, oldest first.
    pub async fn pending_verifications(&self, limit: u32) -> anyhow::Result<Vec<VerificationRow>> {
        sqlx::query(&numbered(&format!(
            "{VERIFICATION_SELECT} WHERE v.status = 'pending' ORDER BY v.requested_at, v.id LIMIT ?"
        )))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(verification_row)
        .collect()
    }

    /// An officer's decision on a waiting request. Confirming makes the company, its administrator
    /// (the asking account) and makes the administrator's own dossiers the company's; all of it, and
    /// the audit line, or nothing.
    pub async fn decide_verification(
        &self,
        id: i64,
        officer: i64,
        confirm: bool,
        reason: &str,
        now: i64,
    ) -> Result<(), ChangeError> {
        let mut tx = self.write().await?;
        let status = if confirm { "confirmed" } else { "refused" };
        let row = sqlx::query(
            "UPDATE company_verifications SET status = $1, decided_at = $2, decided_by = $3, reason = $4 \
             WHERE id = $5 AND status = 'pending' RETURNING account, tax_code, company_name",
        )
        .bind(status)
        .bind(now)
        .bind(officer)
        .bind(reason)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ChangeError::Done)?;
        let account: i64 = row.try_get("account")?;
        let tax_code: String = row.try_get("tax_code")?;
        let name: String = row.try_get("company_name")?;
        if confirm {
            let made = sqlx::query(
                "INSERT INTO companies (tax_code, name, admin, verified_at, verification) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&tax_code)
            .bind(&name)
            .bind(account)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await;
            match made {
                Ok(_) => {}
                Err(e) if unique(&e) => return Err(ChangeError::Verified),
                Err(e) => return Err(e.into()),
            }
            // The administrator's identifier may have been invited before; it is the admin now.
            sqlx::query(
                "INSERT INTO company_members (tax_code, identifier, role, invited_by, invited_at, \
                 account, accepted_at) \
                 SELECT $1, identifier, 'admin', id, $2, id, $3 FROM accounts WHERE id = $4 \
                 ON CONFLICT (tax_code, identifier) DO UPDATE SET role = 'admin', \
                 account = excluded.account, accepted_at = excluded.accepted_at",
            )
            .bind(&tax_code)
            .bind(now)
            .bind(now)
            .bind(account)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE dossiers SET company = $1 WHERE owner = $2 AND company IS NULL")
                .bind(&tax_code)
                .bind(account)
                .execute(&mut *tx)
                .await?;
        }
        audit(
            &mut tx,
            Audit {
                tax_code: &tax_code,
                at: now,
                kind: if confirm {
                    AuditKind::Verified
                } else {
                    AuditKind::VerificationRefused
                },
                actor: officer,
                subject: "",
                role: None,
                reason,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn company(&self, tax_code: &str) -> anyhow::Result<Option<CompanyRow>> {
        let row = sqlx::query(
            "SELECT tax_code, name, admin, verified_at FROM companies WHERE tax_code = $1",
        )
        .bind(tax_code)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(CompanyRow {
                tax_code: r.try_get("tax_code")?,
                name: r.try_get("name")?,
                admin: r.try_get("admin")?,
                verified_at: r.try_get("verified_at")?,
            })
        })
        .transpose()
    }

    /// Invites an identifier (once; a second invitation of the same one is `Done`).
    pub async fn invite(
        &self,
        tax_code: &str,
        by: i64,
        identifier: &str,
        role: MemberRole,
        now: i64,
    ) -> Result<(), ChangeError> {
        let mut tx = self.write().await?;
        let inserted = sqlx::query(
            "INSERT INTO company_members (tax_code, identifier, role, invited_by, invited_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(tax_code)
        .bind(identifier)
        .bind(role.id())
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if unique(&e) => return Err(ChangeError::Done),
            Err(e) => return Err(e.into()),
        }
        audit(
            &mut tx,
            Audit {
                tax_code,
                at: now,
                kind: AuditKind::Invited,
                actor: by,
                subject: identifier,
                role: Some(role),
                reason: "",
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The invited account takes its invitation; false when there is none waiting.
    pub async fn accept_invitation(
        &self,
        tax_code: &str,
        account: i64,
        identifier: &str,
        now: i64,
    ) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        let role = sqlx::query(
            "UPDATE company_members SET account = $1, accepted_at = $2 \
             WHERE tax_code = $3 AND identifier = $4 AND accepted_at IS NULL RETURNING role",
        )
        .bind(account)
        .bind(now)
        .bind(tax_code)
        .bind(identifier)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(role) = role else {
            return Ok(false);
        };
        let role = role_of(&role)?;
        audit(
            &mut tx,
            Audit {
                tax_code,
                at: now,
                kind: AuditKind::Accepted,
                actor: account,
                subject: identifier,
                role: Some(role),
                reason: "",
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Ends a membership or an invitation, other than the administrator's: the member leaving (or
    /// declining) when `actor` is the member, the administrator removing it otherwise. False when
    /// there was none.
    pub async fn end_membership(
        &self,
        tax_code: &str,
        identifier: &str,
        actor: i64,
        by_member: bool,
        now: i64,
    ) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        let gone = sqlx::query(
            "DELETE FROM company_members WHERE tax_code = $1 AND identifier = $2 AND role <> 'admin' \
             RETURNING role, accepted_at",
        )
        .bind(tax_code)
        .bind(identifier)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(gone) = gone else {
            return Ok(false);
        };
        let accepted: Option<i64> = gone.try_get("accepted_at")?;
        let kind = match (by_member, accepted.is_some()) {
            (true, true) => AuditKind::Left,
            (true, false) => AuditKind::Declined,
            (false, _) => AuditKind::Removed,
        };
        audit(
            &mut tx,
            Audit {
                tax_code,
                at: now,
                kind,
                actor,
                subject: identifier,
                role: Some(role_of(&gone)?),
                reason: "",
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The companies and invitations of an identifier, companies by name.
    pub async fn memberships(&self, identifier: &str) -> anyhow::Result<Vec<Membership>> {
        sqlx::query(
            "SELECT m.tax_code, c.name, m.role, m.invited_at, m.accepted_at FROM company_members m \
             JOIN companies c ON c.tax_code = m.tax_code WHERE m.identifier = $1 ORDER BY c.name",
        )
        .bind(identifier)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Membership {
                tax_code: r.try_get("tax_code")?,
                name: r.try_get("name")?,
                role: role_of(r)?,
                invited_at: r.try_get("invited_at")?,
                accepted_at: r.try_get("accepted_at")?,
            })
        })
        .collect()
    }

    /// The companies an account has joined, with its role in each: what its access to company
    /// dossiers rests on.
    pub async fn member_of(&self, account: i64) -> anyhow::Result<Vec<(String, MemberRole)>> {
        sqlx::query(
            "SELECT tax_code, role FROM company_members \
             WHERE account = $1 AND accepted_at IS NOT NULL",
        )
        .bind(account)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("tax_code")?, role_of(r)?)))
        .collect()
    }

    /// A company's members and invitations, the administrator first.
    pub async fn members(&self, tax_code: &str) -> anyhow::Result<Vec<Member>> {
        sqlx::query(
            "SELECT m.identifier, COALESCE(json_extract(a.profile, '$.full_name'), '') AS name, \
             m.role, m.invited_at, m.accepted_at FROM company_members m \
             LEFT JOIN accounts a ON a.id = m.account WHERE m.tax_code = $1 \
             ORDER BY m.role = 'admin' DESC, m.invited_at, m.identifier",
        )
        .bind(tax_code)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Member {
                identifier: r.try_get("identifier")?,
                name: r.try_get("name")?,
                role: role_of(r)?,
                invited_at: r.try_get("invited_at")?,
                accepted_at: r.try_get("accepted_at")?,
            })
        })
        .collect()
    }

    /// The audit log, newest first; officers appear by their agency, never by name.
    pub async fn company_audit(
        &self,
        tax_code: &str,
    ) -> anyhow::Result<Vec<(AuditEntry, Option<String>)>> {
        sqlx::query(
            "SELECT l.at, l.kind, a.identifier, a.agency, l.subject, l.role, l.reason \
             FROM company_audit l JOIN accounts a ON a.id = l.actor \
             WHERE l.tax_code = $1 ORDER BY l.id DESC",
        )
        .bind(tax_code)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            let given: Option<String> = r.try_get("role")?;
            Ok((
                AuditEntry {
                    at: r.try_get("at")?,
                    kind: AuditKind::parse(&kind)
                        .ok_or_else(|| anyhow::anyhow!("unknown audit kind {kind}"))?,
                    by: {
                        let identifier: &str = r.try_get("identifier")?;
                        Text::new(identifier, identifier)
                    },
                    subject: r.try_get("subject")?,
                    role: given.as_deref().map(role).transpose()?,
                    reason: r.try_get("reason")?,
                },
                r.try_get("agency")?,
            ))
        })
        .collect()
    }
}

fn role_of(r: &AnyRow) -> anyhow::Result<MemberRole> {
    role(r.try_get("role")?)
}
