use axum::extract::State;
use axum::http::StatusCode;
use motcua_api::account::{ChangePasswordRequest, Me};
use motcua_api::problem::{Code, Name, Problem};

use crate::auth::password::{self, WINDOW_SECONDS};
use crate::auth::CurrentAccount;
use crate::clock;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;
use crate::store::accounts::FailureLog;

/// The message over any refused password change.
const NOT_CHANGED: &str = "Mật khẩu chưa được đổi.";

pub async fn me(account: CurrentAccount) -> Json<Me> {
    Json(account.me)
}

/// Changes the password after checking the current one, and signs out every other session: a password
/// changed because it leaked must lock the other holder out.
pub async fn change_password(
    State(state): State<AppState>,
    account: CurrentAccount,
    Json(req): Json<ChangePasswordRequest>,
) -> Result<StatusCode, AppError> {
    // The cheap checks first: no password is hashed for a request that cannot succeed.
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(AppError::invalid(NOT_CHANGED, problems));
    }
    let store = &state.store;
    let now = clock::now();
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
    if !password::verify_blocking(req.current_password.clone(), record.password_hash).await {
        store
            .record_failure(FailureLog::Login, "account", identifier, now)
            .await?;
        return Err(AppError::invalid(
            NOT_CHANGED,
            vec![Problem::new(
                Name::CurrentPassword,
                Code::CurrentPasswordWrong,
            )],
        ));
    }
    let hash = password::hash_blocking(req.new_password).await?;
    store.set_password_hash(account.me.id, &hash).await?;
    store
        .delete_other_sessions(account.me.id, &account.token_hash)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
