use axum::extract::{Path, State};
use axum::http::StatusCode;
use motcua_api::dossier::{Draft, DraftList};

use crate::auth::CurrentAccount;
use crate::drafts;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

pub async fn put(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
    Json(draft): Json<Draft>,
) -> Result<Json<Draft>, AppError> {
    drafts::put(&state.drafts(), account.me.id, &id, draft)
        .await
        .map(Json)
}

pub async fn get(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
) -> Result<Json<Draft>, AppError> {
    drafts::get(&state.drafts(), account.me.id, &id)
        .await
        .map(Json)
}

pub async fn delete(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    drafts::delete(&state.drafts(), account.me.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<DraftList>, AppError> {
    let items = drafts::list(&state.drafts(), account.me.id).await?;
    Ok(Json(DraftList { items }))
}
