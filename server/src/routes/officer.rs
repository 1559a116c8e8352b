use axum::extract::State;
use motcua_api::lifecycle::{AgencyRating, DeadMail, Queue, QueueQuery};

use crate::auth::CurrentAccount;
use crate::dossiers;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::projects;
use crate::state::AppState;

/// `GET /api/v1/officer/queue?code=&step=&status=&due=&page=`: a page of the open dossiers at the
/// officer's agency, searched and filtered, nearest step deadline first; those that are steps of a
/// project marked with it.
pub async fn queue(
    State(state): State<AppState>,
    account: CurrentAccount,
    Query(query): Query<QueueQuery>,
) -> Result<Json<Queue>, AppError> {
    let mut queue = dossiers::queue(&state.dossiers(), &account.me, &query).await?;
    projects::mark(&state.projects(), &mut queue.items).await?;
    Ok(Json(queue))
}

/// `GET /api/v1/officer/dead-mail`: mail to the applicants of the agency's dossiers that could not be
/// delivered, so someone can reach them another way.
pub async fn dead_mail(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<Vec<DeadMail>>, AppError> {
    Ok(Json(
        dossiers::dead_mail(&state.dossiers(), &account.me).await?,
    ))
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
