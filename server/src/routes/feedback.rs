//! `/api/v1/feedback` and `/api/v1/officer/feedback`: each handler reads the request, asks the
//! feedback service and answers. Sending, following and replying work signed in or not.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use motcua_api::account::Me;
use motcua_api::feedback::{
    FeedbackActionRequest, FeedbackData, FeedbackFile, FeedbackQueue, FeedbackRequest,
    FeedbackView, SenderReplyRequest,
};
use serde::Deserialize;

use crate::auth::client::ClientAddress;
use crate::auth::{request_token_hash, CurrentAccount};
use crate::download::attachment;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::feedback::{self, files, Sent};
use crate::state::AppState;

/// The account of a request that carries a live session, or none: sending and following feedback
/// need no account, and a stale cookie is as good as none.
async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Option<Me>, AppError> {
    let Some(hash) = request_token_hash(headers) else {
        return Ok(None);
    };
    Ok(state
        .store
        .session_account(&hash, crate::clock::now())
        .await?
        .map(|(me, _)| me))
}

#[derive(Deserialize)]
pub struct PinQuery {
    #[serde(default)]
    pin: String,
}

#[derive(Deserialize)]
pub struct NameQuery {
    #[serde(default)]
    name: String,
}

/// `GET /api/v1/feedback/categories`: the kinds of feedback and the deadlines.
pub async fn categories(State(state): State<AppState>) -> Result<Json<FeedbackData>, AppError> {
    Ok(Json(feedback::settings(&state.feedback())?))
}

/// `POST /api/v1/feedback`: 201 with the receipt of a new case, 200 with the one an earlier send
/// with the same idempotency key made.
pub async fn send(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(req): Json<FeedbackRequest>,
) -> Result<impl IntoResponse, AppError> {
    let me = signed_in(&state, &headers).await?;
    Ok(
        match feedback::send(&state.feedback(), me.as_ref(), req).await? {
            Sent::Created(receipt) => (StatusCode::CREATED, Json(receipt)),
            Sent::Found(receipt) => (StatusCode::OK, Json(receipt)),
        },
    )
}

/// `POST /api/v1/feedback/files?name=…` with the file's bytes as the body (as `/uploads` takes
/// them): a photo or PDF to send with feedback.
pub async fn upload(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Query(query): Query<NameQuery>,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    let file: FeedbackFile = files::upload(&state.feedback(), address, &query.name, body).await?;
    Ok((StatusCode::CREATED, Json(file)))
}

/// `GET /api/v1/feedback/{code}?pin=`: its sender's view (signed in, or with the PIN).
pub async fn get(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(query): Query<PinQuery>,
) -> Result<Response, AppError> {
    let me = signed_in(&state, &headers).await?;
    let ctx = state.feedback();
    let (row, opener) = feedback::open(&ctx, &code, me.as_ref(), &query.pin, address).await?;
    let view = feedback::view(&ctx, &row, opener == feedback::Opener::Officer).await?;
    Ok(([("cache-control", "private, no-store")], Json(view)).into_response())
}

/// `GET /api/v1/feedback/{code}/files/{id}?pin=`.
pub async fn file(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Path((code, id)): Path<(String, String)>,
    Query(query): Query<PinQuery>,
) -> Result<Response, AppError> {
    let me = signed_in(&state, &headers).await?;
    let (info, bytes) = files::download(
        &state.feedback(),
        &code,
        &id,
        me.as_ref(),
        &query.pin,
        address,
    )
    .await?;
    Ok(attachment(
        &info.name,
        &info.content_type,
        "private, no-store",
        bytes,
    ))
}

/// `POST /api/v1/feedback/{code}/reply`: the sender's reply, signed in or with the PIN.
pub async fn reply(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Path(code): Path<String>,
    Json(req): Json<SenderReplyRequest>,
) -> Result<Json<FeedbackView>, AppError> {
    let me = signed_in(&state, &headers).await?;
    Ok(Json(
        feedback::reply(&state.feedback(), &code, me.as_ref(), address, req).await?,
    ))
}

/// `GET /api/v1/me/feedback`: the signed-in sender's feedback, newest first.
pub async fn mine(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<FeedbackQueue>, AppError> {
    Ok(Json(feedback::mine(&state.feedback(), &account.me).await?))
}

/// `GET /api/v1/officer/feedback`: the officer's agency's open feedback, soonest due first.
pub async fn queue(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<FeedbackQueue>, AppError> {
    Ok(Json(feedback::queue(&state.feedback(), &account.me).await?))
}

/// `GET /api/v1/officer/feedback/{code}`: with the sender's contact.
pub async fn officer_get(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
) -> Result<Json<FeedbackView>, AppError> {
    Ok(Json(
        feedback::officer_view(&state.feedback(), &account.me, &code).await?,
    ))
}

/// `POST /api/v1/officer/feedback/{code}/actions`.
pub async fn act(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
    Json(req): Json<FeedbackActionRequest>,
) -> Result<Json<FeedbackView>, AppError> {
    Ok(Json(
        feedback::act(&state.feedback(), &account.me, &code, req).await?,
    ))
}
