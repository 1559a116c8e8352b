use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use motcua_api::account::{ChangePasswordRequest, Me, Session};
use motcua_api::problem::{Code, Name, Problem};

use crate::auth::client::ClientAddress;
use crate::auth::password::{self, LoginError};
use crate::auth::{self, CurrentAccount};
use crate::clock;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// The message over any refused password change.
const NOT_CHANGED: &str = "Mật khẩu chưa được đổi.";

pub async fn me(account: CurrentAccount) -> Json<Me> {
    Json(account.me)
}

/// `GET /api/v1/me/session`: when the session ends unused and at all, without renewing it.
pub async fn session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Session>, AppError> {
    Ok(Json(auth::session_clock(&state.store, &headers).await?))
}

/// Changes the password after checking the current one, and signs out every other session: a password
/// changed because it leaked must lock the other holder out.
pub async fn change_password(
    State(state): State<AppState>,
    account: CurrentAccount,
    ClientAddress(address): ClientAddress,
    Json(req): Json<ChangePasswordRequest>,
) -> Result<StatusCode, AppError> {
    // The cheap checks first: no password is hashed for a request that cannot succeed.
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(AppError::invalid(NOT_CHANGED, problems));
    }
    let store = &state.store;
    let identifier = &account.me.identifier;
    let address = address.to_string();
    // Guesses at the current password count as sign-in attempts: a taken-over session must not
    // become a way round the login limits.
    password::claim_attempt(store, identifier, &address, clock::now())
        .await
        .map_err(|e| match e {
            LoginError::TooMany { retry_after } => AppError::TooManyRequests {
                retry_after,
                message:
                    "Nhập sai mật khẩu quá nhiều lần. Vì an toàn, hãy chờ một lúc rồi thử lại.",
            },
            LoginError::Invalid => AppError::Unauthorized,
            LoginError::Internal(e) => AppError::Internal(e),
        })?;
    let record = store
        .account_by_id(account.me.id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if !password::verify_blocking(req.current_password.clone(), Some(record.password_hash)).await {
        return Err(AppError::invalid(
            NOT_CHANGED,
            vec![Problem::new(
                Name::CurrentPassword,
                Code::CurrentPasswordWrong,
            )],
        ));
    }
    store.clear_login_attempts(identifier, &address).await?;
    let hash = password::hash_blocking(req.new_password).await?;
    store.set_password_hash(account.me.id, &hash).await?;
    store
        .delete_other_sessions(account.me.id, &account.token_hash)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
