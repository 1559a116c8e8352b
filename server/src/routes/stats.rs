use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use motcua_api::stats::StatsQuery;

use crate::error::AppError;
use crate::extract::Query;
use crate::state::AppState;
use crate::stats;

/// Asked again each time: the server keeps each finished answer until the data changes, so
/// asking is cheap, while a browser keeping one for a minute showed figures behind the ones
/// its own reader had just moved.
const CACHE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "no-cache");

/// `GET /api/v1/stats?scope=&from=&to=`: a scope's figures over a period.
pub async fn get(
    State(state): State<AppState>,
    Query(query): Query<StatsQuery>,
) -> Result<impl IntoResponse, AppError> {
    Ok(([CACHE, JSON], stats::answer(&state, &query).await?))
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
    Ok(([CACHE, JSON], stats::index_answer(&state, &query).await?))
}

const JSON: (header::HeaderName, &str) = (header::CONTENT_TYPE, "application/json");
