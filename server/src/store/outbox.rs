//! Mail waiting to be sent.

use sqlx::SqliteConnection;

/// Queues a mail inside the caller's transaction, so it exists exactly when what it reports does.
pub async fn enqueue(
    conn: &mut SqliteConnection,
    recipient: &str,
    subject: &str,
    body: &str,
    notification: Option<i64>,
    now: i64,
) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO outbox (notification, recipient, subject, body, created_at, next_attempt_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(notification)
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}
