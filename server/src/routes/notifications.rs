use axum::extract::State;
use axum::http::StatusCode;
use motcua_api::lifecycle::{Inbox, Unread};
use serde::Deserialize;

use crate::auth::CurrentAccount;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// `GET /api/v1/notifications`: the latest messages, newest first, and how many are unread.
pub async fn inbox(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<Inbox>, AppError> {
    let (items, unread) = state.store.inbox(account.me.id, 50).await?;
    Ok(Json(Inbox { items, unread }))
}

/// `GET /api/v1/notifications/unread`: how many messages are unread, for the header's link.
pub async fn unread(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<Unread>, AppError> {
    let unread = state.store.unread(account.me.id).await?;
    Ok(Json(Unread { unread }))
}

#[derive(Deserialize)]
pub struct ReadRequest {
    up_to: i64,
}

/// `POST /api/v1/notifications/read`: marks every message up to an id as read.
pub async fn read(
    State(state): State<AppState>,
    account: CurrentAccount,
    Json(req): Json<ReadRequest>,
) -> Result<StatusCode, AppError> {
    state
        .store
        .mark_read(account.me.id, req.up_to, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
