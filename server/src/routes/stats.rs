use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use motcua_api::stats::StatsQuery;

use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;
use crate::stats;

/// Figures change as dossiers move, but a minute behind is fine for anyone reading them.
const CACHE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "public, max-age=60");

/// `GET /api/v1/stats?scope=&from=&to=`: a scope's figures over a period.
pub async fn get(
    State(state): State<AppState>,
    Query(query): Query<StatsQuery>,
) -> Result<impl IntoResponse, AppError> {
    let report = stats::get(&state.stats(), &query).await?;
    Ok(([CACHE], Json(report)))
}

/// `GET /api/v1/stats/csv?scope=&from=&to=`: the same, a row per month and the total.
pub async fn csv(
    State(state): State<AppState>,
    Query(query): Query<StatsQuery>,
) -> Result<impl IntoResponse, AppError> {
    let report = stats::get(&state.stats(), &query).await?;
    let disposition = format!("attachment; filename=\"{}\"", stats::csv_name(&report));
    Ok((
        [
            (CACHE.0, CACHE.1.to_string()),
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        stats::csv(&report),
    ))
}

/// `GET /api/v1/stats/index?from=&to=`: the Decision 766 index of the province and its agencies.
pub async fn index(
    State(state): State<AppState>,
    Query(query): Query<StatsQuery>,
) -> Result<impl IntoResponse, AppError> {
    // The index is always the province's and its agencies': a scope given is not read.
    let query = StatsQuery {
        scope: String::new(),
        ..query
    };
    let (_, from, to) = stats::checked(&query)?;
    let index = stats::index::index(&state, from, to).await?;
    Ok(([CACHE], Json(index)))
}
