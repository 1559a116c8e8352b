//! Lookups anyone may try with a code and a secret (public tracking, following feedback): wrong tries
//! are limited per address and per code, and the limits hold under parallel requests, because each
//! try takes its place in the count before it is checked, in one statement, and one that opens gives
//! its places back. (Counted only after a check, forty tries sent at once all passed a count of none.)

use crate::error::AppError;
use crate::store::accounts::FailureLog;
use crate::store::Store;

/// The window over which failed lookups count.
pub const WINDOW: i64 = 15 * 60;
/// Failed lookups allowed from one address per window: enough for typos, too few to enumerate.
pub const PER_ADDRESS: i64 = 20;
/// Failed lookups of one code per window, from anywhere, after which only what cannot be guessed
/// (a dossier's PIN) opens it: a phone or ID number could be guessed by spreading tries over many
/// addresses. So no one locks the owner out with wrong tries: the PIN on their receipt always works
/// from an address within its own limit.
pub const PER_CODE: i64 = 10;

/// One try, holding its places in the counts until it opens something.
pub struct Try<'a> {
    store: &'a Store,
    now: i64,
    held: Vec<i64>,
}

impl<'a> Try<'a> {
    /// A try from `address`, or 429 when it has failed too often.
    pub async fn begin(store: &'a Store, address: &str, now: i64) -> Result<Try<'a>, AppError> {
        match store
            .reserve_try(
                FailureLog::Lookup,
                "address",
                address,
                now - WINDOW,
                PER_ADDRESS,
                now,
            )
            .await?
        {
            Some(row) => Ok(Try {
                store,
                now,
                held: vec![row],
            }),
            None => Err(AppError::TooManyRequests {
                retry_after: WINDOW,
                message: "Tra cứu sai quá nhiều lần. Vì an toàn, hãy thử lại sau 15 phút.",
            }),
        }
    }

    /// Whether `code` may still be opened by what can be guessed: it has not failed too often. The
    /// try counts against the code until it opens.
    pub async fn code(&mut self, code: &str) -> anyhow::Result<bool> {
        if code.is_empty() || code.len() > 64 {
            return Ok(false);
        }
        let row = self
            .store
            .reserve_try(
                FailureLog::Lookup,
                "code",
                code,
                self.now - WINDOW,
                PER_CODE,
                self.now,
            )
            .await?;
        self.held.extend(row);
        Ok(row.is_some())
    }

    /// The try opened what it looked for: it was no failure.
    pub async fn opened(self) -> anyhow::Result<()> {
        self.store.give_back(FailureLog::Lookup, &self.held).await
    }
}
