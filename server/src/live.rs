//! Live pages' server-sent events, shared by the dossier's and the project's streams: the changes
//! a stream waits on, ending with its session, and the response holding one of the account's few
//! stream slots.

use std::convert::Infallible;
use std::time::Duration;

use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt};
use tokio::sync::broadcast::{error::RecvError, Receiver};
use tokio::time::{Instant, Interval, MissedTickBehavior};

use crate::limits;
use crate::state::AppState;
use crate::store::Store;

/// How often an idle stream sends a comment, so that proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the notifier said.
pub enum Change {
    /// The dossier or project of this code or id changed.
    Of(String),
    /// Messages were missed (too many at once, or the other copies' for a while), and may include
    /// the one a stream waits for.
    Missed,
}

impl Change {
    /// Whether the change may be that of `code`.
    pub fn may_be(&self, code: &str) -> bool {
        match self {
            Change::Of(changed) => changed == code,
            Change::Missed => true,
        }
    }
}

/// Every change the notifier announces on `receiver` (subscribed before what the stream follows is
/// read, so that nothing between the two is missed), until the server stops or `session` ends,
/// which is checked every `check`.
pub fn changes(
    receiver: Receiver<Option<String>>,
    store: Store,
    session: &str,
    check: Duration,
) -> impl Stream<Item = Change> + Send + 'static {
    let mut every = tokio::time::interval_at(Instant::now() + check, check);
    every.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let watch = Watch {
        receiver,
        store,
        session: session.to_string(),
        every,
    };
    futures_util::stream::unfold(watch, |mut w| async move {
        loop {
            tokio::select! {
                message = w.receiver.recv() => match message {
                    Ok(Some(changed)) => return Some((Change::Of(changed), w)),
                    Ok(None) | Err(RecvError::Lagged(_)) => return Some((Change::Missed, w)),
                    Err(RecvError::Closed) => return None,
                },
                _ = w.every.tick() => {
                    // Ended, or unknown for now: either way the stream stops, and a page still
                    // signed in opens another.
                    match w.store.session_account(&w.session, crate::clock::now()).await {
                        Ok(Some(_)) => continue,
                        _ => return None,
                    }
                }
            }
        }
    })
}

/// What a live stream waits on between two changes.
struct Watch {
    receiver: Receiver<Option<String>>,
    store: Store,
    session: String,
    every: Interval,
}

/// The response sending `events` to the account, or refusing it when it holds all the streams it
/// may; not cached, and kept open by comments while idle.
pub fn respond<S>(state: &AppState, account: i64, events: S) -> Response
where
    S: Stream<Item = Event> + Send + 'static,
{
    let Some(slot) = state.streams.take(account) else {
        return limits::too_many_streams(state.limits.streams_per_account);
    };
    let events = events.map(move |event| {
        // Held by the stream, so given back when the stream is dropped.
        let _slot = &slot;
        Ok::<_, Infallible>(event)
    });
    (
        [(header::CACHE_CONTROL, "no-store")],
        Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)),
    )
        .into_response()
}
