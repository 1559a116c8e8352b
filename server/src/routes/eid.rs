//! Signing in with the national e-ID: `start` sends the browser to the provider, `callback` is
//! where it comes back. Both are browser navigations, so every outcome is a redirect: into the app
//! signed in, or back to the sign-in page saying why not. Without a provider configured, 404.

use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Response};
use motcua_api::account::SignInProviders;
use motcua_api::paths;
use serde::Deserialize;

use crate::auth::client::ClientAddress;
use crate::auth::oidc::{self, Eid, EidError};
use crate::auth::{self, cookie};
use crate::clock;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;
use crate::store::sign_ins::{EidAccountError, PendingSignIn};

/// Binds a sign-in to the browser that started it: a callback address sent to someone else (to sign
/// them in as the sender) finds no such cookie there.
const STATE_COOKIE: &str = "motcua_eid";
/// How long a person has at the provider.
const SIGN_IN_SECONDS: i64 = 600;
/// Sign-ins under way at once, from everyone: far above what people start in ten minutes, far below
/// what would fill the disk.
const PENDING_CAP: i64 = 10_000;
/// Sign-ins one address may start in `ADDRESS_WINDOW` seconds.
const PER_ADDRESS: i64 = 30;
const ADDRESS_WINDOW: i64 = 900;

fn provider(state: &AppState) -> Result<&Eid, AppError> {
    state.eid.as_deref().ok_or(AppError::NotFound(
        "Sign-in with the national e-ID is not configured here.",
    ))
}

/// `GET /api/v1/auth/providers`: the ways to sign in besides a password.
pub async fn providers(State(state): State<AppState>) -> Json<SignInProviders> {
    Json(SignInProviders {
        eid: state.eid.is_some(),
    })
}

/// A path of this site only: anything else would make the sign-in an open redirect.
fn same_site(next: Option<&str>) -> String {
    next.filter(|p| {
        p.starts_with('/')
            && !p.starts_with("//")
            && !p.contains('\\')
            && !p.chars().any(char::is_control)
    })
    // A header carries visible ASCII only: anything else (a Vietnamese search) goes percent-encoded.
    .map(|p| {
        p.bytes()
            .map(|b| match b {
                b'!'..=b'~' => char::from(b).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    })
    .unwrap_or_else(paths::account)
}

fn location(to: &str) -> [(axum::http::HeaderName, HeaderValue); 1] {
    let to = HeaderValue::from_str(to).unwrap_or(HeaderValue::from_static("/"));
    [(LOCATION, to)]
}

fn state_cookie(
    value: &str,
    max_age: i64,
) -> AppendHeaders<[(axum::http::HeaderName, HeaderValue); 1]> {
    let cookie = format!(
        "{STATE_COOKIE}={value}; Path=/api/v1/auth/eid; HttpOnly; Secure; SameSite=Lax; Max-Age={max_age}"
    );
    AppendHeaders([(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("cookie is ASCII"),
    )])
}

/// Back to the sign-in page, which says why in the reader's language (`eid` = `failed`,
/// `unavailable` or `conflict`), then on to `next`.
fn back_to_sign_in(why: &str, next: Option<&str>) -> Response {
    let page = paths::sign_in(next);
    let sep = if page.contains('?') { '&' } else { '?' };
    (
        StatusCode::SEE_OTHER,
        location(&format!("{page}{sep}eid={why}")),
        state_cookie("", 0),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// `GET /api/v1/auth/eid/start?next=`: keeps the sign-in's secrets and sends the browser to the
/// provider.
pub async fn start(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Query(q): Query<StartQuery>,
) -> Result<Response, AppError> {
    let eid = provider(&state)?;
    let now = clock::now();
    if let Some(retry_after) = state
        .store
        .count_request(
            "eid",
            &address.to_string(),
            ADDRESS_WINDOW,
            PER_ADDRESS,
            now,
        )
        .await?
    {
        return Err(AppError::TooManyRequests {
            retry_after,
            message: "Có quá nhiều lần đăng nhập bằng định danh điện tử từ địa chỉ mạng này. Hãy thử lại sau.",
        });
    }
    let next = same_site(q.next.as_deref());
    let begun = match eid.begin().await {
        Ok(begun) => begun,
        Err(e) => {
            tracing::warn!(error = %e, "e-ID sign-in could not start");
            return Ok(back_to_sign_in("unavailable", Some(&next)));
        }
    };
    let pending = PendingSignIn {
        state_hash: oidc::state_hash(&begun.state),
        nonce: begun.nonce,
        verifier: begun.verifier,
        next: next.clone(),
    };
    if !state
        .store
        .begin_eid_sign_in(&pending, now, now - SIGN_IN_SECONDS, PENDING_CAP)
        .await?
    {
        tracing::warn!("e-ID sign-ins under way are at their cap");
        return Ok(back_to_sign_in("unavailable", Some(&next)));
    }
    Ok((
        StatusCode::SEE_OTHER,
        location(&begun.url),
        state_cookie(&begun.state, SIGN_IN_SECONDS),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
}

/// `GET /api/v1/auth/eid/callback?code=&state=`: where the provider sends the browser back. The
/// state must be the one this browser was given and still kept; the code is exchanged and the ID
/// token checked; then the account is opened as a password sign-in would.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Result<Response, AppError> {
    let eid = provider(&state)?;
    let now = clock::now();
    let Some(given) = q
        .state
        .filter(|s| cookie(&headers, STATE_COOKIE).as_ref() == Some(s))
    else {
        return Ok(back_to_sign_in("failed", None));
    };
    let Some(pending) = state
        .store
        .take_eid_sign_in(&oidc::state_hash(&given), now - SIGN_IN_SECONDS)
        .await?
    else {
        return Ok(back_to_sign_in("failed", None));
    };
    let next = Some(pending.next.as_str());
    // No code: the person cancelled at the provider, or it refused them.
    let Some(code) = q.code else {
        return Ok(back_to_sign_in("failed", next));
    };
    let identity = match eid
        .finish(&code, &pending.verifier, &pending.nonce, now)
        .await
    {
        Ok(identity) => identity,
        Err(e @ EidError::Unavailable(_)) => {
            tracing::warn!(error = %e, "e-ID provider unavailable");
            return Ok(back_to_sign_in("unavailable", next));
        }
        Err(e) => {
            tracing::warn!(error = %e, "e-ID sign-in refused");
            return Ok(back_to_sign_in("failed", next));
        }
    };
    let me = match state.store.eid_account(&identity, now).await {
        Ok(me) => me,
        Err(EidAccountError::Disabled | EidAccountError::Conflict) => {
            tracing::warn!(subject = %identity.subject, "e-ID names an account it cannot open");
            return Ok(back_to_sign_in("conflict", next));
        }
        Err(EidAccountError::Other(e)) => return Err(AppError::Internal(e)),
    };
    let cookies = auth::start_session(&state.store, &me).await?;
    Ok((
        StatusCode::SEE_OTHER,
        location(&pending.next),
        cookies,
        state_cookie("", 0),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::same_site;

    #[test]
    fn only_a_path_of_this_site_is_gone_on_to() {
        assert_eq!(
            same_site(Some("/nop-ho-so/1.004194")),
            "/nop-ho-so/1.004194"
        );
        assert_eq!(
            same_site(Some("/tim-kiem?q=giấy")),
            "/tim-kiem?q=gi%E1%BA%A5y"
        );
        for elsewhere in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "x",
            "",
        ] {
            assert_eq!(same_site(Some(elsewhere)), "/tai-khoan", "{elsewhere}");
        }
        assert_eq!(same_site(None), "/tai-khoan");
    }
}
