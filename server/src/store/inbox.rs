//! The inbox (a message to a dossier's owner for each change they must know of) and the mail
//! outbox: mail is written here in the same transaction as what caused it, and a worker sends it.
//! Several server copies may share one database, so a worker claims each mail before sending it.

use motcua_api::lifecycle::{DeadMail, EventKind, Notification};
use motcua_api::Text;
use sqlx::{AnyConnection, Row};

use super::{enum_parse, parse, to_json, Store};

/// Enough of a failure to diagnose it without letting one odd reply bloat the row.
const MAX_ERROR_CHARS: usize = 500;

/// A message to the dossier's owner, and the mail that carries it when they gave an address.
pub struct NewNotification {
    pub account: i64,
    pub kind: EventKind,
    pub title: Text,
    pub body: Text,
    pub email: Option<Mail>,
}

pub struct Mail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// Writes a message about `dossier` and queues its mail, in the caller's transaction.
pub(super) async fn insert_notification(
    conn: &mut AnyConnection,
    dossier: &str,
    at: i64,
    n: &NewNotification,
) -> anyhow::Result<()> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO notifications (account, dossier, kind, at, title, body) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(n.account)
    .bind(dossier)
    .bind(n.kind.id())
    .bind(at)
    .bind(to_json(&n.title)?)
    .bind(to_json(&n.body)?)
    .fetch_one(&mut *conn)
    .await?;
    if let Some(mail) = &n.email {
        enqueue(conn, mail, Some(id), at).await?;
    }
    Ok(())
}

/// Queues a mail, due at once. Takes a connection so that the caller's transaction covers it: the mail
/// exists exactly when what it tells of does.
pub(super) async fn enqueue(
    conn: &mut AnyConnection,
    mail: &Mail,
    notification: Option<i64>,
    now: i64,
) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO outbox (notification, recipient, subject, body, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(notification)
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(now)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

/// A mail claimed for sending.
#[derive(Debug, Clone)]
pub struct OutboxMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// The attempts made before this one.
    pub attempts: i64,
    /// When the first of them was made.
    pub first_attempt_at: Option<i64>,
}

/// Where one mail stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxState {
    pub attempts: i64,
    pub delivered_at: Option<i64>,
    pub last_error: Option<String>,
    pub dead_at: Option<i64>,
}

impl Store {
    /// The latest messages, newest first, and how many are unread.
    pub async fn inbox(
        &self,
        account: i64,
        limit: u32,
    ) -> anyhow::Result<(Vec<Notification>, u64)> {
        let rows = sqlx::query(
            "SELECT id, at, dossier, kind, title, body, read_at FROM notifications \
             WHERE account = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(account)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let unread = self.unread(account).await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(Notification {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    dossier: r.try_get("dossier")?,
                    kind: enum_parse(r.try_get("kind")?)?,
                    title: parse(r.try_get("title")?)?,
                    body: parse(r.try_get("body")?)?,
                    read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok((items, unread))
    }

    /// How many of the account's messages are unread.
    pub async fn unread(&self, account: i64) -> anyhow::Result<u64> {
        let unread: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE account = $1 AND read_at IS NULL",
        )
        .bind(account)
        .fetch_one(&self.pool)
        .await?;
        Ok(unread.try_into()?)
    }

    pub async fn mark_read(&self, account: i64, up_to: i64, now: i64) -> anyhow::Result<()> {
        sqlx::query(
            "UPDATE notifications SET read_at = $1 WHERE account = $2 AND id <= $3 AND read_at IS NULL",
        )
        .bind(now)
        .bind(account)
        .bind(up_to)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Queues a mail that no notification stands behind.
    pub async fn enqueue_mail(
        &self,
        recipient: &str,
        subject: &str,
        body: &str,
        now: i64,
    ) -> anyhow::Result<i64> {
        let mut conn = self.pool.acquire().await?;
        let mail = Mail {
            recipient: recipient.into(),
            subject: subject.into(),
            body: body.into(),
        };
        enqueue(&mut conn, &mail, None, now).await
    }

    /// Up to `limit` undelivered mails that are due, oldest due first. Not yet claimed: another worker may
    /// take any of them first.
    pub async fn due_mail(&self, now: i64, limit: i64) -> anyhow::Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM outbox \
             WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Takes a due mail for `lease_seconds`: no other worker sees it as due until the lease ends, so two
    /// never send it at once, and a worker that dies mid-send only delays it. `None` if another worker
    /// took it (or sent it) first.
    pub async fn claim_mail(
        &self,
        id: i64,
        now: i64,
        lease_seconds: i64,
    ) -> anyhow::Result<Option<OutboxMail>> {
        let row = sqlx::query(
            "UPDATE outbox SET next_attempt_at = $1 \
             WHERE id = $2 AND delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $3 \
             RETURNING id, recipient, subject, body, attempts, first_attempt_at",
        )
        .bind(now + lease_seconds)
        .bind(id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(OutboxMail {
                id: r.try_get("id")?,
                recipient: r.try_get("recipient")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                attempts: r.try_get("attempts")?,
                first_attempt_at: r.try_get("first_attempt_at")?,
            })
        })
        .transpose()
    }

    pub async fn mark_delivered(&self, id: i64, now: i64) -> anyhow::Result<()> {
        sqlx::query(
            "UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, \
             first_attempt_at = COALESCE(first_attempt_at, $1), last_attempt_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records a failed attempt at `at`: the mail is tried again at `retry_at`, or, without one, is
    /// dead and never tried again.
    pub async fn mark_failed(
        &self,
        id: i64,
        attempts: i64,
        at: i64,
        retry_at: Option<i64>,
        error: &str,
    ) -> anyhow::Result<()> {
        let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
        let (next_attempt_at, dead_at) = match retry_at {
            Some(retry) => (retry, None),
            None => (at, Some(at)),
        };
        sqlx::query(
            "UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3, \
             first_attempt_at = COALESCE(first_attempt_at, $4), last_attempt_at = $4, dead_at = $5 \
             WHERE id = $6",
        )
        .bind(attempts)
        .bind(next_attempt_at)
        .bind(error)
        .bind(at)
        .bind(dead_at)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest `limit` dead mails about dossiers received by `agency` (the agency of the workflow's
    /// first step, the one-stop desk), most recently given up first. Dead mail is rare, so reading the
    /// workflow of each is cheap.
    pub async fn dead_mail(&self, agency: &str, limit: u32) -> anyhow::Result<Vec<DeadMail>> {
        let rows = sqlx::query(
            "SELECT n.dossier, o.recipient, o.subject, o.first_attempt_at, o.last_attempt_at, \
             o.last_error FROM outbox o \
             JOIN notifications n ON n.id = o.notification \
             JOIN dossiers d ON d.code = n.dossier \
             WHERE o.dead_at IS NOT NULL \
             AND json_extract(d.workflow, '$.steps[0].step.agency') = $1 \
             ORDER BY o.dead_at DESC, o.id DESC LIMIT $2",
        )
        .bind(agency)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DeadMail {
                    dossier: r.try_get("dossier")?,
                    recipient: r.try_get("recipient")?,
                    subject: r.try_get("subject")?,
                    first_attempt_at: r.try_get("first_attempt_at")?,
                    last_attempt_at: r.try_get("last_attempt_at")?,
                    last_error: r
                        .try_get::<Option<String>, _>("last_error")?
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// When the earliest undelivered mail still tried (claimed or not) is next due.
    pub async fn next_mail_due(&self) -> anyhow::Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(next_attempt_at) FROM outbox \
                 WHERE delivered_at IS NULL AND dead_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// How many mails wait and how many were sent; dead mail does neither.
    pub async fn outbox_counts(&self) -> anyhow::Result<(i64, i64)> {
        let row = sqlx::query(
            "SELECT COUNT(*) - COUNT(delivered_at) - COUNT(dead_at), COUNT(delivered_at) FROM outbox",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    pub async fn outbox_state(&self, id: i64) -> anyhow::Result<Option<OutboxState>> {
        sqlx::query("SELECT attempts, delivered_at, last_error, dead_at FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| {
                Ok(OutboxState {
                    attempts: r.try_get("attempts")?,
                    delivered_at: r.try_get("delivered_at")?,
                    last_error: r.try_get("last_error")?,
                    dead_at: r.try_get("dead_at")?,
                })
            })
            .transpose()
    }
}
