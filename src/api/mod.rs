//! The only place the app talks HTTP: a typed client for `/api/v1`. Requests are aborted when the view
//! that made them goes away, so a fast typist or a quick navigation never waits on stale answers.

pub mod companies;
pub mod feedback;
pub mod fees;
pub mod lifecycle;
pub mod live;
pub mod preload;
pub mod projects;
pub mod search_terms;
pub mod stats;
pub mod upload;

use leptos::prelude::{ArcReadSignal, ArcRwSignal, Get, GetUntracked, LocalResource, Set, Signal};
use motcua_api::account::{
    ChangePasswordRequest, LoginRequest, Me, RegisterRequest, Session, SignInProviders,
};
use motcua_api::dossier::{Draft, DraftList, Receipt, SubmitRequest};
use motcua_api::form::{FormDefinition, Places};
use motcua_api::problem::try_again_in;
use motcua_api::{ErrorBody, ProcedureDetail, SearchRequest, SuggestResponse, Text};
use serde::de::DeserializeOwned;

/// Where the API is: the app asks it there, and the server sends pages that start a request to it.
pub const BASE: &str = "/api/v1";

/// Everything that can go wrong with a request, in the terms the pages explain to people.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: offline, a dropped connection or a timeout.
    Network,
    NotFound,
    /// The server refused the request and said why.
    Invalid(ErrorBody),
    /// The server failed; trying again later may work.
    Server(u16),
    /// Refused for a reason the body gives: not signed in (401), not allowed (403), a conflict (409).
    Refused(u16, ErrorBody),
    /// Too many attempts (429): the server takes no more for `retry_after` seconds.
    TooMany {
        retry_after: u64,
    },
}

impl ApiError {
    /// For too many attempts, how long to wait, as the pages say it.
    pub fn wait(&self) -> Option<Text> {
        match self {
            ApiError::TooMany { retry_after } => Some(try_again_in(*retry_after)),
            _ => None,
        }
    }
}

/// The wait a 429 names in `Retry-After` (in seconds; the server never sends a date). Should a proxy
/// drop it, a minute: long enough not to hammer, short enough not to keep anyone waiting in vain.
fn retry_after(response: &gloo_net::http::Response) -> u64 {
    response
        .headers()
        .get("retry-after")
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(60)
}

/// What the server last said about the person's session, for the warning before it ends unused:
/// every answer to a signed-in request renews it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    Nothing,
    /// The `n`-th answer that was not a 401.
    Answered(u64),
    /// A 401: not signed in, or no longer.
    NotSignedIn,
    /// The person signed out here.
    SignedOut,
}

thread_local! {
    // Reference-counted, not owned: whichever component first reads it must not take it down with it.
    static HEARD: ArcRwSignal<Heard> = ArcRwSignal::new(Heard::Nothing);
}

/// What the server last said about the session, as it changes.
pub fn heard() -> ArcReadSignal<Heard> {
    HEARD.with(|h| h.read_only())
}

pub(crate) fn hear(status: u16) {
    HEARD.with(|h| {
        h.set(match (status, h.get_untracked()) {
            (401, _) => Heard::NotSignedIn,
            (_, Heard::Answered(n)) => Heard::Answered(n + 1),
            _ => Heard::Answered(1),
        })
    });
}

/// Set by the server beside the session's own cookie, which scripts cannot read, and cleared with it.
const SIGNED_IN_COOKIE: &str = "motcua_signed_in";

/// The API paths only a signed-in person is answered on.
const SIGNED_IN_PATHS: &[&str] = &[
    "/me",
    "/drafts",
    "/dossiers",
    "/notifications",
    "/officer",
    "/companies",
    "/uploads",
    "/projects",
];

fn html_document() -> Option<web_sys::HtmlDocument> {
    use wasm_bindgen::JsCast;
    leptos::prelude::document().dyn_into().ok()
}

/// Whether a session may be on: without the server's mark the person is surely signed out.
fn maybe_signed_in() -> bool {
    let mark = format!("{SIGNED_IN_COOKIE}=1");
    html_document()
        .and_then(|d| d.cookie().ok())
        .is_some_and(|c| c.split(';').any(|pair| pair.trim() == mark))
}

/// The mark outlives a session the server ended (idle, or signed out elsewhere) until the first
/// refusal says so.
fn forget_signed_in() {
    if let Some(d) = html_document() {
        let _ = d.set_cookie(&format!(
            "{SIGNED_IN_COOKIE}=; Path=/; Secure; SameSite=Lax; Max-Age=0"
        ));
    }
}

/// The answer a request for `path` is sure to get without a session, given without asking: the
/// browser reports every refused request as an error, and a signed-out visit must not fill the
/// console with them. Not heard as the server's word: whoever follows the session asks it in turn,
/// and learns the same.
fn unasked(path: &str) -> Result<(), ApiError> {
    let needs_session = SIGNED_IN_PATHS.iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
    });
    if needs_session && !maybe_signed_in() {
        return Err(ApiError::Refused(
            401,
            ErrorBody::new("not_signed_in", "Bạn cần đăng nhập để tiếp tục."),
        ));
    }
    Ok(())
}

pub(crate) async fn read<T: DeserializeOwned>(
    response: gloo_net::http::Response,
) -> Result<T, ApiError> {
    hear(response.status());
    match response.status() {
        200 | 201 => response.json().await.map_err(|_| ApiError::Network),
        404 => Err(ApiError::NotFound),
        429 => Err(ApiError::TooMany {
            retry_after: retry_after(&response),
        }),
        status @ (400 | 401 | 403 | 409 | 413 | 415 | 422) => {
            let body = response
                .json::<ErrorBody>()
                .await
                .map_err(|_| ApiError::Server(status))?;
            if status == 401 && body.code == "not_signed_in" {
                forget_signed_in();
            }
            Err(if matches!(status, 400 | 422) {
                ApiError::Invalid(body)
            } else {
                ApiError::Refused(status, body)
            })
        }
        status => Err(ApiError::Server(status)),
    }
}

/// Sends a change (sign in, register, save). Unlike reads it is not aborted when the page goes away:
/// what the person asked for must reach the server.
pub(crate) async fn send<B: serde::Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    unasked(path)?;
    let url = format!("{BASE}{path}");
    let builder = match method {
        "PUT" => gloo_net::http::Request::put(&url),
        _ => gloo_net::http::Request::post(&url),
    };
    send_with(builder, body).await
}

async fn send_with<B: serde::Serialize, T: DeserializeOwned>(
    builder: gloo_net::http::RequestBuilder,
    body: &B,
) -> Result<T, ApiError> {
    let response = builder
        .json(body)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

/// The answer to the read at `path` the page was sent with, if it was: a page's first drawing uses it
/// rather than wait for the read, so it is the same drawing on the server and in the app.
pub fn sent<T: DeserializeOwned>(path: &str) -> Option<Result<T, ApiError>> {
    preload::peek(path)
}

pub(crate) async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    if let Some(sent) = preload::take(path) {
        return sent;
    }
    // The server draws a page in one pass from the answers it gives the page; a read it did not give
    // stays on its way, as it is in the browser's first drawing.
    #[cfg(not(target_arch = "wasm32"))]
    return std::future::pending().await;
    #[cfg(target_arch = "wasm32")]
    {
        unasked(path)?;
        let controller = send_wrapper::SendWrapper::new(web_sys::AbortController::new().ok());
        let signal = controller.as_ref().map(|c| c.signal());
        leptos::prelude::on_cleanup(move || {
            if let Some(c) = controller.take() {
                c.abort();
            }
        });
        let response = gloo_net::http::Request::get(&format!("{BASE}{path}"))
            .abort_signal(signal.as_ref())
            .send()
            .await
            .map_err(|_| ApiError::Network)?;
        read(response).await
    }
}

/// An API read a page shows, as a signal that is `None` while the answer is on its way. `path` gives the
/// path to read (or why there is none) and is followed as it changes. For the path the page was sent
/// with its answer (`preload`), the answer is there from the first drawing and never drawn twice.
pub fn fetched<T, P>(path: P) -> Signal<Option<Result<T, ApiError>>>
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
    P: Fn() -> Result<String, ApiError> + Clone + Send + Sync + 'static,
{
    let sent = leptos::prelude::untrack(&path)
        .ok()
        .and_then(|p| preload::peek::<T>(&p).map(|answer| (p, answer)));
    let resource = {
        let path = path.clone();
        LocalResource::new(move || {
            let path = path();
            async move { get::<T>(&path?).await }
        })
    };
    // A path that cannot be asked is its own answer, at once: the server draws that error too.
    Signal::derive(move || match (&sent, path()) {
        (_, Err(e)) => Some(Err(e)),
        (Some((first, answer)), Ok(p)) if *first == p => Some(answer.clone()),
        _ => resource.get(),
    })
}

/// The path of a search's results.
pub fn search_path(req: &SearchRequest) -> String {
    format!("/procedures?{}", req.to_query())
}

/// The path of a procedure's page; a code that could not be one is not found without asking.
pub fn procedure_path(code: &str) -> Result<String, ApiError> {
    let safe: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    if safe.is_empty() || safe != code {
        return Err(ApiError::NotFound);
    }
    Ok(format!("/procedures/{safe}"))
}

pub const FIELDS_PATH: &str = "/fields";

pub async fn procedure(code: &str) -> Result<ProcedureDetail, ApiError> {
    get(&procedure_path(code)?).await
}

pub async fn suggest(q: &str) -> Result<SuggestResponse, ApiError> {
    get(&format!(
        "/suggest?{}",
        motcua_api::query_string([("q", q)])
    ))
    .await
}

/// Where a template form is downloaded from.
pub fn template_url(file: &str) -> String {
    format!("{BASE}/templates/{}", motcua_api::encode_component(file))
}

pub async fn register(req: &RegisterRequest) -> Result<Me, ApiError> {
    send("POST", "/auth/register", req).await
}

pub async fn login(req: &LoginRequest) -> Result<Me, ApiError> {
    send("POST", "/auth/login", req).await
}

/// The ways to sign in besides a password.
pub async fn sign_in_providers() -> Result<SignInProviders, ApiError> {
    get("/auth/providers").await
}

/// Where the browser goes to sign in with the national e-ID, coming back to `next` (a path of this
/// site) signed in: a navigation, not a request, since the e-ID's own pages come in between.
pub fn eid_start_url(next: &str) -> String {
    format!(
        "{BASE}/auth/eid/start?next={}",
        motcua_api::encode_component(next)
    )
}

/// Signing out always ends here signed out, even if the server could not be told.
pub async fn logout() {
    let _ = gloo_net::http::Request::post(&format!("{BASE}/auth/logout"))
        .send()
        .await;
    HEARD.with(|h| h.set(Heard::SignedOut));
}

pub async fn me() -> Result<Me, ApiError> {
    get("/me").await
}

/// When the session ends unused; asking does not renew it. Not aborted with the view: the session
/// warning outlives every page.
pub async fn session() -> Result<Session, ApiError> {
    unasked("/me/session")?;
    let response = gloo_net::http::Request::get(&format!("{BASE}/me/session"))
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

pub async fn change_password(req: &ChangePasswordRequest) -> Result<(), ApiError> {
    let response = gloo_net::http::Request::put(&format!("{BASE}/me/password"))
        .json(req)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.status() == 204 {
        hear(204);
        Ok(())
    } else {
        read::<()>(response).await
    }
}

/// The path of a procedure's form.
pub fn form_path(code: &str) -> String {
    format!("/procedures/{}/form", motcua_api::encode_component(code))
}

pub async fn form(code: &str) -> Result<FormDefinition, ApiError> {
    get(&form_path(code)).await
}

pub async fn places() -> Result<Places, ApiError> {
    get("/places").await
}

pub async fn drafts() -> Result<DraftList, ApiError> {
    get("/drafts").await
}

/// The path of a draft kept on the server.
pub fn draft_path(id: &str) -> String {
    format!("/drafts/{}", motcua_api::encode_component(id))
}

pub async fn draft(id: &str) -> Result<Draft, ApiError> {
    get(&draft_path(id)).await
}

pub async fn save_draft(id: &str, draft: &Draft) -> Result<Draft, ApiError> {
    send(
        "PUT",
        &format!("/drafts/{}", motcua_api::encode_component(id)),
        draft,
    )
    .await
}

/// Submits a dossier. The same `key` for every try of one application makes the server answer each
/// with the one dossier the first created.
pub async fn submit(req: &SubmitRequest, key: &str) -> Result<Receipt, ApiError> {
    let builder =
        gloo_net::http::Request::post(&format!("{BASE}/dossiers")).header("Idempotency-Key", key);
    send_with(builder, req).await
}

/// Deletes something; already gone counts as deleted.
async fn delete(path: &str) -> Result<(), ApiError> {
    let response = gloo_net::http::Request::delete(&format!("{BASE}{path}"))
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    match response.status() {
        status @ (204 | 404) => {
            hear(status);
            Ok(())
        }
        _ => read::<()>(response).await,
    }
}

pub async fn delete_upload(id: &str) -> Result<(), ApiError> {
    delete(&format!("/uploads/{}", motcua_api::encode_component(id))).await
}

pub async fn delete_draft(id: &str) -> Result<(), ApiError> {
    delete(&format!("/drafts/{}", motcua_api::encode_component(id))).await
}
