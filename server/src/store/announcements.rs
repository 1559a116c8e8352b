//! Announcements between the copies of the server that share one database, so that a change made on
//! one reaches the live pages open on all: PostgreSQL's `NOTIFY`, heard by a connection that
//! `LISTEN`s. SQLite is one machine's database, served by one copy, which tells its own pages.

use std::pin::Pin;
use std::time::Duration;

use futures_util::Stream;
use sqlx::postgres::PgListener;

use super::{Backend, Store};

const CHANNEL: &str = "motcua_changes";

/// What the other copies announce, as they say it; `None` where some may have been missed (the
/// connection that listens was lost a while, and is made again).
pub type Heard = Pin<Box<dyn Stream<Item = Option<String>> + Send>>;

/// How long to wait before listening again when the database cannot be reached.
const AGAIN: Duration = Duration::from_secs(1);

impl Store {
    /// Tells every copy listening (this one too) `message`, at most 8000 bytes.
    pub async fn announce(&self, message: &str) -> anyhow::Result<()> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT count(*) FROM (SELECT pg_notify($1, $2)) n")
                .bind(CHANNEL)
                .bind(message)
                .fetch_one(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Every copy's announcements from now on, on a database that carries them.
    pub async fn listen(&self) -> anyhow::Result<Option<Heard>> {
        if self.backend != Backend::Postgres {
            return Ok(None);
        }
        let mut listener = PgListener::connect(&self.url).await?;
        listener.listen(CHANNEL).await?;
        Ok(Some(Box::pin(futures_util::stream::unfold(
            listener,
            |mut listener| async move {
                let heard = match listener.try_recv().await {
                    Ok(Some(message)) => Some(message.payload().to_string()),
                    // Lost: the next call connects and listens again.
                    Ok(None) => None,
                    Err(e) => {
                        tracing::warn!(error = %e, "not hearing the other copies' changes");
                        tokio::time::sleep(AGAIN).await;
                        None
                    }
                };
                Some((heard, listener))
            },
        ))))
    }
}
