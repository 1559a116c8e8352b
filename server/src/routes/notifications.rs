use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use motcua_api::lifecycle::{Inbox, Notification};
use serde::Deserialize;

use super::auth::body;
use crate::auth::{self, CurrentAccount};
use crate::error::AppError;
use crate::startup::AppState;

/// `GET /api/v1/notifications`: the latest messages, newest first, and how many are unread.
pub async fn inbox(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<Inbox>, AppError> {
    let (rows, unread) = state.store.inbox(account.me.id, 50).await?;
    Ok(Json(Inbox {
        items: rows
            .into_iter()
            .map(|n| Notification {
                id: n.id,
                at: n.at,
                dossier: n.dossier,
                kind: n.kind,
                title: n.title,
                body: n.body,
                read: n.read,
            })
            .collect(),
        unread,
    }))
}

#[derive(Deserialize)]
pub struct ReadRequest {
    up_to: i64,
}

/// `POST /api/v1/notifications/read`: marks every message up to an id as read.
pub async fn read(
    State(state): State<AppState>,
    account: CurrentAccount,
    json: Result<Json<ReadRequest>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    let req = body(json)?;
    state
        .store
        .mark_read(account.me.id, req.up_to, auth::now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
