//! `/api/v1/officer/verifications`: the business-registration agency's officers check the
//! companies that ask to be verified.

use axum::extract::{Path, State};
use axum::response::Response;
use motcua_api::company::{Verification, VerificationDecision, VerificationQueue};

use crate::auth::CurrentAccount;
use crate::companies;
use crate::download::attachment;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// `GET /api/v1/officer/verifications`: the requests waiting, oldest first.
pub async fn queue(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<VerificationQueue>, AppError> {
    Ok(Json(
        companies::queue(&state.companies(), &account.me).await?,
    ))
}

/// `GET /api/v1/officer/verifications/{id}/certificate`.
pub async fn certificate(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (info, bytes) = companies::certificate(&state.companies(), &account.me, &id).await?;
    Ok(attachment(
        &info.name,
        &info.content_type,
        "private, no-store",
        bytes,
    ))
}

/// `POST /api/v1/officer/verifications/{id}`: confirm, or refuse with a reason.
pub async fn decide(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
    Json(decision): Json<VerificationDecision>,
) -> Result<Json<Verification>, AppError> {
    Ok(Json(
        companies::decide(&state.companies(), &account.me, &id, &decision).await?,
    ))
}
