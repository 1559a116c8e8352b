use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use motcua_api::lifecycle::{Tracking, TrackingRequest};

use crate::dossiers;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

/// `GET /api/v1/tracking?code=&check=`: a dossier's progress for anyone with its code and the
/// applicant's phone or ID number.
pub async fn track(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Query<TrackingRequest>,
) -> Result<Json<Tracking>, AppError> {
    let ctx = state.dossiers();
    Ok(Json(dossiers::track(&ctx, peer.ip(), &q).await?))
}
