use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use motcua_api::lifecycle::{AgencySatisfaction, SatisfactionStats};

use crate::dossiers;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// `GET /api/v1/satisfaction`: the rating scale and criteria.
pub async fn criteria(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    let data = dossiers::rate::scale(&state.index)?.clone();
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
                agency_name: state.index.agency_name(&agency),
                agency,
                overall,
            })
            .collect(),
    }))
}
