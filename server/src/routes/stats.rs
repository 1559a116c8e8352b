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
    let (scope, from, to) = stats::checked(&query)?;
    let key = format!("{}|{from}|{to}", query.scope);
    let body = state
        .stats_kept
        .answer(&state.store, key, || async {
            let report = stats::read(&state.stats(), &scope, from, to).await?;
            json(&report)
        })
        .await?;
    Ok(([CACHE, JSON], body))
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
    let body = state
        .stats_kept
        .answer(&state.store, format!("index|{from}|{to}"), || async {
            json(&stats::index::index(&state, from, to).await?)
        })
        .await?;
    Ok(([CACHE, JSON], body))
}

const JSON: (header::HeaderName, &str) = (header::CONTENT_TYPE, "application/json");

fn json(value: &impl serde::Serialize) -> Result<bytes::Bytes, AppError> {
    Ok(serde_json::to_vec(value)
        .map_err(anyhow::Error::from)?
        .into())
}
