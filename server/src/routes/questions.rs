//! Published questions and "you said, we did": public, with no personal data, cached briefly.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;

use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

/// A newly published question shows within this long.
const CACHE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "public, max-age=60");

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    procedure: Option<String>,
    page: Option<u32>,
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
}

/// Pages count from 1.
fn page(page: Option<u32>) -> Result<u32, AppError> {
    match page.unwrap_or(1) {
        0 => Err(AppError::bad_request(
            "invalid_query",
            "Pages are counted from 1.",
        )),
        n => Ok(n),
    }
}

/// `GET /api/v1/questions?q=&procedure=&page=`.
pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<impl IntoResponse, AppError> {
    let page = page(query.page)?;
    let procedure = query.procedure.as_deref().filter(|p| !p.is_empty());
    let body = state.published().list(&query.q, procedure, page).await?;
    Ok(([CACHE], Json(body)))
}

/// `GET /api/v1/questions/{code}`: 404 unless published.
pub async fn get(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    Ok(([CACHE], Json(state.published().get(&code).await?)))
}

/// `GET /api/v1/you-said-we-did?page=`.
pub async fn changes(
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
) -> Result<impl IntoResponse, AppError> {
    let page = page(query.page)?;
    Ok(([CACHE], Json(state.published().changes(page).await?)))
}
