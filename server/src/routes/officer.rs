use axum::extract::State;
use motcua_api::lifecycle::{AgencyRating, Queue};

use crate::auth::CurrentAccount;
use crate::dossiers;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// `GET /api/v1/officer/queue`: the open dossiers at the officer's agency, nearest step deadline
/// first.
pub async fn queue(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<Queue>, AppError> {
    Ok(Json(dossiers::queue(&state.dossiers(), &account.me).await?))
}

/// `GET /api/v1/officer/ratings`: the agency's latest ratings, without who gave them.
pub async fn ratings(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<Vec<AgencyRating>>, AppError> {
    Ok(Json(
        dossiers::agency_ratings(&state.dossiers(), &account.me).await?,
    ))
}
