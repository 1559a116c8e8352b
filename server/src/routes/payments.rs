//! Fees and their payment: `/api/v1/dossiers/{code}/payments` and `/fees` for the people of a
//! dossier, `/api/v1/payments/vnpay/*` for the provider and the browsers it sends back.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_api::paths;
use motcua_api::payment::{FeeDecisionRequest, FeeReceipt, FeeStatus, PaymentStart};
use serde::Deserialize;

use crate::auth::client::ClientAddress;
use crate::auth::CurrentAccount;
use crate::dossiers::fees;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::payments;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct PayQuery {
    /// `en` for the provider's page in English.
    #[serde(default)]
    lang: Option<String>,
}

/// `POST /api/v1/dossiers/{code}/payments`: 201 with the provider's page to pay what is owed.
pub async fn pay(
    State(state): State<AppState>,
    account: CurrentAccount,
    ClientAddress(ip): ClientAddress,
    Path(code): Path<String>,
    Query(q): Query<PayQuery>,
) -> Result<(StatusCode, Json<PaymentStart>), AppError> {
    let english = q.lang.as_deref() == Some("en");
    let start = fees::pay(
        &state.dossiers(),
        &code,
        &account.me,
        &ip.to_string(),
        english,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(start)))
}

/// `POST /api/v1/dossiers/{code}/fees`: an officer's decision on the exemption, or a payment at
/// the desk.
pub async fn decide(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(code): Path<String>,
    Json(req): Json<FeeDecisionRequest>,
) -> Result<Json<FeeStatus>, AppError> {
    Ok(Json(
        fees::decide(&state.dossiers(), &code, &account.me, req).await?,
    ))
}

/// `GET /api/v1/dossiers/{code}/fee-receipts/{number}`.
pub async fn receipt(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path((code, number)): Path<(String, String)>,
) -> Result<Json<FeeReceipt>, AppError> {
    Ok(Json(
        fees::receipt(&state.dossiers(), &code, &number, &account.me).await?,
    ))
}

/// `GET /api/v1/payments/vnpay/ipn`: the provider's signed notification. Always 200: the body's
/// `RspCode` is the answer the provider reads.
pub async fn notified(
    State(state): State<AppState>,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    let Some(gateway) = state.gateway.as_deref() else {
        return AppError::NotFound("Payments are not set up.").into_response();
    };
    let answer = payments::notified(&state.store, gateway, &params, crate::clock::now()).await;
    axum::Json(answer.json()).into_response()
}

/// `GET /api/v1/payments/vnpay/return`: the browser back from the provider, sent on to its dossier.
pub async fn returned(
    State(state): State<AppState>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let gateway = state
        .gateway
        .as_deref()
        .ok_or(AppError::NotFound("Payments are not set up."))?;
    let to = payments::returned(&state.store, gateway, &params, crate::clock::now()).await?;
    // A return that is not the provider's own names no dossier: the list of one's dossiers.
    Ok(Redirect::to(&to.unwrap_or_else(|| paths::dossiers("", 1))))
}
