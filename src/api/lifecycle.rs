//! A dossier after submission: my dossiers, one dossier, what people do to it, ratings, the officer's
//! queue, public tracking and the inbox.

use leptos::prelude::{ArcReadSignal, ArcRwSignal, Update};
use motcua_api::dossier::Receipt;
use motcua_api::lifecycle::{
    ActionRequest, AgencyRating, DossierList, DossierView, Inbox, PageFrom, Queue, QueueQuery,
    Rating, RatingRequest, SatisfactionData, Tracking, TrackingRequest, Unread,
};
use motcua_api::{encode_component, query_string};

use super::{get, hear, read, send, ApiError, BASE};

/// The API path of a dossier, as the page asks for it and the server sends it with the page.
pub fn dossier_path(code: &str) -> String {
    format!("/dossiers/{}", encode_component(code))
}

/// My dossiers, newest first, 20 a page; `status` is a [`motcua_api::lifecycle::Status`] id.
pub async fn dossiers(
    status: Option<&str>,
    page: u32,
    from: &PageFrom,
) -> Result<DossierList, ApiError> {
    let page = page.max(1).to_string();
    let mut pairs = vec![("page", page.as_str())];
    if let Some(s) = status.filter(|s| !s.is_empty()) {
        pairs.insert(0, ("status", s));
    }
    pairs.extend(from.pair("after", "before"));
    get(&format!("/dossiers?{}", query_string(pairs))).await
}

/// One dossier as its owner or a handling officer sees it, with what the viewer may do now.
pub async fn dossier(code: &str) -> Result<DossierView, ApiError> {
    get(&dossier_path(code)).await
}

/// The dossier the page was sent with, if it was, for its first drawing (on the server and in the app
/// alike) without waiting for a read.
pub fn sent_dossier(code: &str) -> Option<Result<DossierView, ApiError>> {
    super::sent(&dossier_path(code))
}

/// The receipt and appointment slip of a dossier (its owner only).
pub async fn receipt(code: &str) -> Result<Receipt, ApiError> {
    get(&format!("{}/receipt", dossier_path(code))).await
}

/// The QR code that leads to public tracking of the dossier.
pub fn qr_url(code: &str) -> String {
    format!("{BASE}{}/qr.svg", dossier_path(code))
}

/// Where a file of a dossier (a document, a supplement, a result) is opened from.
pub fn file_url(code: &str, upload: &str) -> String {
    format!(
        "{BASE}{}/files/{}",
        dossier_path(code),
        encode_component(upload)
    )
}

/// Does something to a dossier. A 409 whose body's code is `stale` means the dossier changed since
/// `req.version`; `not_allowed` that the action is not possible now; 422 names the fields to fix.
pub async fn act(code: &str, req: &ActionRequest) -> Result<DossierView, ApiError> {
    send("POST", &format!("{}/actions", dossier_path(code)), req).await
}

pub async fn rate(code: &str, req: &RatingRequest) -> Result<Rating, ApiError> {
    send("PUT", &format!("{}/rating", dossier_path(code)), req).await
}

/// The rating scale and criteria.
pub async fn satisfaction() -> Result<SatisfactionData, ApiError> {
    get("/satisfaction").await
}

/// A page of the dossiers at the signed-in officer's agency, searched and filtered (403 for anyone
/// else; 400 naming each bad parameter).
pub async fn queue(query: &QueueQuery) -> Result<Queue, ApiError> {
    match query.to_query().as_str() {
        "" => get("/officer/queue").await,
        q => get(&format!("/officer/queue?{q}")).await,
    }
}

pub async fn officer_ratings() -> Result<Vec<AgencyRating>, ApiError> {
    get("/officer/ratings").await
}

/// Public tracking by code and the receipt's PIN (or a citizen's phone or ID number), sent in the
/// body so the check stays out of addresses. Not found is the one answer for a wrong code and a wrong
/// check.
pub async fn tracking(req: &TrackingRequest) -> Result<Tracking, ApiError> {
    send("POST", "/tracking", req).await
}

pub async fn notifications() -> Result<Inbox, ApiError> {
    get("/notifications").await
}

/// Where how many notifications are unread is asked.
pub const UNREAD: &str = "/notifications/unread";

/// How many notifications are unread, for the header.
pub async fn unread() -> Result<Unread, ApiError> {
    get(UNREAD).await
}

/// How many were unread when the page was sent, if it came with that.
pub fn sent_unread() -> Option<u64> {
    super::sent::<Unread>(UNREAD)
        .and_then(Result::ok)
        .map(|u| u.unread)
}

thread_local! {
    // Reference-counted, not owned, like the session's: no component takes it down with it.
    static INBOX_READ: ArcRwSignal<u64> = ArcRwSignal::new(0);
}

/// Changes each time notifications are marked read here, for whatever shows how many are unread.
pub fn inbox_read() -> ArcReadSignal<u64> {
    INBOX_READ.with(|s| s.read_only())
}

/// Marks every notification up to `up_to` (an id) read.
pub async fn mark_read(up_to: i64) -> Result<(), ApiError> {
    let response = gloo_net::http::Request::post(&format!("{BASE}/notifications/read"))
        .json(&serde_json::json!({ "up_to": up_to }))
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.status() == 204 {
        hear(204);
        INBOX_READ.with(|s| s.update(|n| *n += 1));
        Ok(())
    } else {
        read::<()>(response).await
    }
}
