use axum::extract::{Path, State};
use axum::http::StatusCode;
use motcua_api::{SearchMisses, Synonym, SynonymRequest, Synonyms};

use crate::auth::CurrentAccount;
use crate::error::AppError;
use crate::extract::Json;
use crate::learning;
use crate::state::AppState;

/// `GET /api/v1/officer/search/misses`: what people searched for and did not find, most often first.
pub async fn misses(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<SearchMisses>, AppError> {
    Ok(Json(
        learning::misses(&state.learning(), &account.me).await?,
    ))
}

/// `GET /api/v1/officer/search/synonyms`: the catalogue's synonyms and the officers'.
pub async fn synonyms(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<Synonyms>, AppError> {
    Ok(Json(
        learning::synonyms(&state.learning(), &account.me).await?,
    ))
}

/// `POST /api/v1/officer/search/synonyms`: a synonym, in force from the next search.
pub async fn add(
    State(state): State<AppState>,
    account: CurrentAccount,
    Json(req): Json<SynonymRequest>,
) -> Result<(StatusCode, Json<Synonym>), AppError> {
    let added = learning::add_synonym(&state.learning(), &account.me, req).await?;
    Ok((StatusCode::CREATED, Json(added)))
}

/// `DELETE /api/v1/officer/search/synonyms/{id}`.
pub async fn remove(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    learning::remove_synonym(&state.learning(), &account.me, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
