use std::collections::BTreeMap;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use motcua_api::account::{password_problem, ChangePasswordRequest, Me};
use motcua_api::ErrorBody;

use super::auth::body;
use crate::auth::password::{self, WINDOW_SECONDS};
use crate::auth::{self, CurrentAccount};
use crate::error::AppError;
use crate::startup::AppState;
use crate::store::FailureLog;

pub async fn me(account: CurrentAccount) -> Json<Me> {
    Json(account.me)
}

fn field_error(field: &str, message: String) -> AppError {
    AppError::Invalid(ErrorBody {
        code: "invalid_fields".into(),
        message: "Mật khẩu chưa được đổi.".into(),
        fields: Some(BTreeMap::from([(field.to_string(), message)])),
    })
}

/// Changes the password after checking the current one, and signs out every other session: a password
/// changed because it leaked must lock the other holder out.
pub async fn change_password(
    State(state): State<AppState>,
    account: CurrentAccount,
    json: Result<Json<ChangePasswordRequest>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    let req = body(json)?;
    let store = &state.store;
    let now = auth::now();
    let identifier = &account.me.identifier;
    if store
        .failures_since(
            FailureLog::Login,
            "account",
            identifier,
            now - WINDOW_SECONDS,
        )
        .await?
        >= 5
    {
        return Err(AppError::TooManyRequests {
            retry_after: WINDOW_SECONDS,
            message: "Nhập sai mật khẩu quá nhiều lần. Vì an toàn, hãy thử lại sau 15 phút.",
        });
    }
    let record = store
        .account_by_id(account.me.id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if !password::verify_blocking(req.current_password, record.password_hash).await {
        store
            .record_failure(FailureLog::Login, "account", identifier, now)
            .await?;
        return Err(field_error(
            "current_password",
            "Mật khẩu hiện tại không đúng.".into(),
        ));
    }
    if let Some(problem) = password_problem(&req.new_password) {
        return Err(field_error("new_password", problem.vi));
    }
    let hash = password::hash_blocking(req.new_password).await?;
    store.set_password_hash(account.me.id, &hash).await?;
    store
        .delete_other_sessions(account.me.id, &account.token_hash)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
