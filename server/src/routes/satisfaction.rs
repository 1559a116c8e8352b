use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use motcua_api::lifecycle::{AgencySatisfaction, SatisfactionStats};

use crate::dossiers::agency_name;
use crate::error::AppError;
use crate::startup::AppState;

/// `GET /api/v1/satisfaction`: the rating scale and criteria.
pub async fn criteria(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    let data = state
        .index
        .catalogue()
        .satisfaction
        .clone()
        .ok_or(AppError::NotFound("Ratings are not set up."))?;
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        Json(data),
    ))
}

/// `GET /api/v1/stats/satisfaction`: how ratings came out, overall, per criterion and per agency.
pub async fn stats(State(state): State<AppState>) -> Result<Json<SatisfactionStats>, AppError> {
    let (overall, agencies, criteria) = state.store.satisfaction().await?;
    Ok(Json(SatisfactionStats {
        overall,
        criteria,
        agencies: agencies
            .into_iter()
            .map(|(agency, overall)| AgencySatisfaction {
                agency_name: agency_name(&state, &agency),
                agency,
                overall,
            })
            .collect(),
    }))
}
