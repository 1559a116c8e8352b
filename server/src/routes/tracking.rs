use axum::extract::State;
use motcua_api::lifecycle::{Tracking, TrackingRequest};

use crate::auth::client::ClientAddress;
use crate::dossiers;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// `POST /api/v1/tracking`: a dossier's progress for anyone with its code and its PIN (or a
/// citizen's phone or ID number). A POST body, so the check stays out of addresses and their logs;
/// limits count the client, as behind a proxy its `X-Forwarded-For` names it.
pub async fn track(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Json(req): Json<TrackingRequest>,
) -> Result<Json<Tracking>, AppError> {
    let ctx = state.dossiers();
    Ok(Json(dossiers::track(&ctx, address, &req).await?))
}
