//! Who is asking. Every way of signing in — the password login here, the national e-ID (OpenID Connect,
//! `oidc`) — ends the same way, in `start_session` for an account; after that, requests carry
//! only the session cookie and `CurrentAccount` resolves it.

pub mod client;
pub mod oidc;
pub mod password;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::AppendHeaders;
use base64::Engine;
use motcua_api::account::{AccountKind, Me, Session};
use sha2::{Digest, Sha256};

use crate::clock::now;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::accounts::NewSession;
use crate::store::Store;

pub const SESSION_COOKIE: &str = "motcua_session";
/// Set and cleared with the session's cookie, which scripts cannot read, and holding no secret: it
/// tells the app that a session may be on, so a signed-out visit does not ask for what only a
/// signed-in person is answered (a refusal the browser reports as an error).
pub const SIGNED_IN_COOKIE: &str = "motcua_signed_in";
const MINUTE: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;
/// A session seen more recently than this is not written again: one write a minute at most, not one
/// a request.
const SEEN_EVERY: i64 = MINUTE;

/// How long a session of this kind of account lasts unused, and at all. An officer's desk computer is
/// shared and opens every dossier of an agency: half an hour idle, one working day in all.
fn lifetimes(kind: AccountKind) -> (i64, i64) {
    match kind {
        AccountKind::Officer => (30 * MINUTE, 12 * HOUR),
        AccountKind::Citizen | AccountKind::Business => (7 * DAY, 30 * DAY),
    }
}

fn token_hash(token: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// The session's cookies: `value` and the signed-in mark (`1`), for `max_age` seconds.
fn cookies(value: &str, mark: &str, max_age: i64) -> AppendHeaders<[(HeaderName, HeaderValue); 2]> {
    let cookie = |c: String| {
        (
            SET_COOKIE,
            HeaderValue::from_str(&c).expect("cookie is ASCII"),
        )
    };
    AppendHeaders([
        cookie(format!(
            "{SESSION_COOKIE}={value}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={max_age}"
        )),
        cookie(format!(
            "{SIGNED_IN_COOKIE}={mark}; Path=/; Secure; SameSite=Lax; Max-Age={max_age}"
        )),
    ])
}

/// A new session for the account: its token goes to the browser in an HttpOnly cookie, only its hash
/// into the database.
pub async fn start_session(
    store: &Store,
    account: &Me,
) -> Result<AppendHeaders<[(HeaderName, HeaderValue); 2]>, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = now();
    let (idle_seconds, lifetime) = lifetimes(account.kind);
    store
        .create_session(&NewSession {
            token_hash: &token_hash(&token),
            account_id: account.id,
            now,
            idle_seconds,
            expires_at: now + lifetime,
        })
        .await?;
    Ok(cookies(&token, "1", lifetime))
}

pub fn clear_cookies() -> AppendHeaders<[(HeaderName, HeaderValue); 2]> {
    cookies("", "", 0)
}

pub(crate) fn cookie(headers: &HeaderMap, wanted: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == wanted && !value.is_empty()).then(|| value.to_string())
        })
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
}

/// The signed-in mark for a page load that carries a session but not the mark: a session begun
/// before the mark existed would otherwise look signed out to the app until its next sign-in. It
/// lasts as long as the browser is open; whether the session is still good, the API says.
pub fn missing_mark(headers: &HeaderMap) -> Option<HeaderValue> {
    if session_token(headers).is_none() || cookie(headers, SIGNED_IN_COOKIE).is_some() {
        return None;
    }
    HeaderValue::from_str(&format!(
        "{SIGNED_IN_COOKIE}=1; Path=/; Secure; SameSite=Lax"
    ))
    .ok()
}

/// The signed-in account of a request; a handler that takes it answers 401 to everyone else.
pub struct CurrentAccount {
    pub me: Me,
    pub token_hash: String,
}

/// The session of a request, if it has a cookie: used where signing out must work either way.
pub fn request_token_hash(headers: &HeaderMap) -> Option<String> {
    session_token(headers).map(|t| token_hash(&t))
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentAccount
where
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let state = AppState::from_ref(state);
        let hash = request_token_hash(&parts.headers).ok_or(AppError::Unauthorized)?;
        let now = now();
        let (me, last_seen) = state
            .store
            .session_account(&hash, now)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if now - last_seen >= SEEN_EVERY {
            state.store.touch_session(&hash, now).await?;
        }
        Ok(CurrentAccount {
            me,
            token_hash: hash,
        })
    }
}

/// The clock of the request's session, read without renewing it: the app asks it to warn before the
/// idle end, and a question that renewed the session would keep an unattended one alive for ever.
pub async fn session_clock(store: &Store, headers: &HeaderMap) -> Result<Session, AppError> {
    let hash = request_token_hash(headers).ok_or(AppError::Unauthorized)?;
    let now = now();
    let (last_seen, idle_seconds, ends_at) = store
        .session_clock(&hash, now)
        .await?
        .ok_or(AppError::Unauthorized)?;
    Ok(Session {
        idle_seconds,
        idle_ends_at: (last_seen + idle_seconds).min(ends_at),
        ends_at,
        now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("a=1; motcua_session=abc_DEF-1; b=2"),
        );
        assert_eq!(session_token(&h).as_deref(), Some("abc_DEF-1"));
        h.insert(COOKIE, HeaderValue::from_static("motcua_session="));
        assert_eq!(session_token(&h), None);
    }
}
