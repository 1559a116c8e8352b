//! Sends the outbox's mail through an SMTP relay, retrying until the relay takes it, or refuses it for
//! good, or a day has passed: then the mail is dead, and officers see it (`/officer/dead-mail`) so they
//! can reach the person another way. The outbox, not this task, holds the mail, so a restart or a relay
//! that is down loses nothing.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::clock::now;
use crate::config::SmtpConfig;
use crate::store::inbox::OutboxMail;
use crate::store::Store;

/// Far longer than one send can take (see `SEND_TIMEOUT`), so a claim never runs out mid-send.
const LEASE_SECONDS: i64 = 60;
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
const BATCH: i64 = 20;
const MAX_BACKOFF_SECONDS: u64 = 600;
/// How long after its first attempt a failing mail is given up on: by then what it tells of is stale,
/// and a relay down for a day needs a person, not another retry.
const GIVE_UP_AFTER_SECONDS: i64 = 24 * 60 * 60;

type Transport = AsyncSmtpTransport<Tokio1Executor>;

/// Starts the worker. `wake` is notified (with `notify_one`, which is not lost if the worker is busy)
/// after a mail is queued, so it goes out at once rather than at the next poll.
pub fn spawn(store: Store, smtp: SmtpConfig, wake: Arc<Notify>) -> JoinHandle<()> {
    // Plain SMTP: the relay is on the same network and does the onward, encrypted delivery. A relay
    // elsewhere needs STARTTLS, which belongs in SmtpConfig as an option when one does.
    let transport = Transport::builder_dangerous(&smtp.host)
        .port(smtp.port)
        .timeout(Some(SEND_TIMEOUT))
        .build();
    // Mail queued by another server copy wakes no one here: polling finds it.
    let poll = smtp.retry_seconds.max(1) as i64;
    tokio::spawn(async move {
        loop {
            let wait = match send_due(&store, &transport, &smtp).await {
                Ok(true) => continue,
                Ok(false) => match store.next_mail_due().await {
                    Ok(Some(due)) => (due - now()).clamp(1, poll),
                    Ok(None) => poll,
                    Err(e) => {
                        tracing::error!(error = %e, "reading the outbox");
                        poll
                    }
                },
                Err(e) => {
                    tracing::error!(error = %e, "sending the outbox");
                    poll
                }
            };
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(wait as u64)) => {}
            }
        }
    })
}

/// Sends one batch of due mail; true if the batch was full, so more may be due.
async fn send_due(store: &Store, transport: &Transport, smtp: &SmtpConfig) -> anyhow::Result<bool> {
    let due = store.due_mail(now(), BATCH).await?;
    for &id in &due {
        // Claimed one at a time, just before sending, so a lease only has to cover one send.
        let Some(mail) = store.claim_mail(id, now(), LEASE_SECONDS).await? else {
            continue;
        };
        let attempt = mail.attempts + 1;
        match send(transport, smtp, &mail).await {
            Ok(()) => {
                store.mark_delivered(mail.id, now()).await?;
                tracing::info!(id = mail.id, attempt, "mail delivered");
            }
            Err(e) => {
                let at = now();
                let retry_at = if gives_up(&e, mail.first_attempt_at.unwrap_or(at), at) {
                    tracing::error!(id = mail.id, attempt, error = %e, "mail given up");
                    None
                } else {
                    let delay = backoff(smtp.retry_seconds, attempt);
                    tracing::warn!(id = mail.id, attempt, retry_in = delay, error = %e, "mail not delivered");
                    Some(at + delay as i64)
                };
                store
                    .mark_failed(mail.id, attempt, at, retry_at, &e.to_string())
                    .await?;
            }
        }
    }
    Ok(due.len() as i64 == BATCH)
}

async fn send(transport: &Transport, smtp: &SmtpConfig, mail: &OutboxMail) -> anyhow::Result<()> {
    let from: Mailbox = smtp.from.parse()?;
    // Stable across attempts: if the process dies after the relay took a mail but before it was marked
    // delivered, the mail is sent again, and a receiver can recognise the copy.
    let message_id = format!("<outbox-{}@{}>", mail.id, from.email.domain());
    let message = Message::builder()
        .message_id(Some(message_id))
        .from(from)
        .to(mail.recipient.parse()?)
        .subject(&mail.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())?;
    transport.send(message).await?;
    Ok(())
}

/// Whether a mail that failed at `at`, first tried at `first`, is dead: the relay refused it for good
/// (a 5xx reply, which the same mail will always get), or it has failed for a day.
fn gives_up(error: &anyhow::Error, first: i64, at: i64) -> bool {
    let permanent = error
        .downcast_ref::<lettre::transport::smtp::Error>()
        .is_some_and(|e| e.is_permanent());
    permanent || at - first >= GIVE_UP_AFTER_SECONDS
}

/// `retry_seconds`, doubled with each further failure, up to ten minutes.
fn backoff(retry_seconds: u64, attempt: i64) -> u64 {
    let doublings = u32::try_from(attempt - 1).unwrap_or(0);
    retry_seconds
        .saturating_mul(1u64.checked_shl(doublings).unwrap_or(u64::MAX))
        .min(MAX_BACKOFF_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::{backoff, gives_up, GIVE_UP_AFTER_SECONDS};

    #[test]
    fn backoff_doubles_up_to_ten_minutes() {
        let waits: Vec<u64> = (1..=7).map(|attempt| backoff(30, attempt)).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 600, 600]);
        assert_eq!(backoff(30, 200), 600);
    }

    #[test]
    fn a_failing_mail_is_given_up_on_a_day_after_its_first_attempt() {
        let error = anyhow::anyhow!("connection refused");
        let first = 1_750_000_000;
        assert!(!gives_up(&error, first, first));
        assert!(!gives_up(&error, first, first + GIVE_UP_AFTER_SECONDS - 1));
        assert!(gives_up(&error, first, first + GIVE_UP_AFTER_SECONDS));
    }
}
