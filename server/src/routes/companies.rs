//! `/api/v1/me/companies` and `/api/v1/companies`: verifying one's company, its members and
//! invitations. Each handler reads the request, asks the company service and answers.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use motcua_api::company::{
    Company, InviteRequest, Member, Membership, MyCompanies, Verification, VerificationRequest,
};

use crate::auth::CurrentAccount;
use crate::companies;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// `GET /api/v1/me/companies`.
pub async fn mine(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<MyCompanies>, AppError> {
    Ok(Json(
        companies::mine(&state.companies(), &account.me).await?,
    ))
}

/// `POST /api/v1/me/companies/verification`: 201 with the request, waiting for an officer.
pub async fn request_verification(
    State(state): State<AppState>,
    account: CurrentAccount,
    Json(req): Json<VerificationRequest>,
) -> Result<(StatusCode, Json<Verification>), AppError> {
    let v = companies::request_verification(&state.companies(), &account.me, &req).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// `POST /api/v1/me/companies/{tax_code}/accept`.
pub async fn accept(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(tax_code): Path<String>,
) -> Result<Json<Membership>, AppError> {
    Ok(Json(
        companies::accept(&state.companies(), &account.me, &tax_code).await?,
    ))
}

/// `DELETE /api/v1/me/companies/{tax_code}`: leave the company, or decline its invitation.
pub async fn leave(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(tax_code): Path<String>,
) -> Result<StatusCode, AppError> {
    companies::leave(&state.companies(), &account.me, &tax_code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/companies/{tax_code}`.
pub async fn get(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(tax_code): Path<String>,
) -> Result<Json<Company>, AppError> {
    Ok(Json(
        companies::company(&state.companies(), &account.me, &tax_code).await?,
    ))
}

/// `POST /api/v1/companies/{tax_code}/members`: 201 with the invitation.
pub async fn invite(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(tax_code): Path<String>,
    Json(req): Json<InviteRequest>,
) -> Result<(StatusCode, Json<Member>), AppError> {
    let m = companies::invite(&state.companies(), &account.me, &tax_code, &req).await?;
    Ok((StatusCode::CREATED, Json(m)))
}

/// `DELETE /api/v1/companies/{tax_code}/members/{identifier}`.
pub async fn remove(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path((tax_code, identifier)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    companies::remove(&state.companies(), &account.me, &tax_code, &identifier).await?;
    Ok(StatusCode::NO_CONTENT)
}
