use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use motcua_api::account::{AccountKind, LoginRequest, Me, RegisterRequest, TaxCode};
use motcua_api::text::nfc;

use crate::auth::client::ClientAddress;
use crate::auth::password::{self, LoginError};
use crate::auth::{self, request_token_hash};
use crate::clock;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;
use crate::store::accounts::{CreateAccountError, FailureLog, NewAccount};

const REGISTRATION_WINDOW: i64 = 3600;

fn account_exists() -> AppError {
    AppError::refused(
        StatusCode::CONFLICT,
        "account_exists",
        "Đã có tài khoản với số định danh này. Hãy đăng nhập, hoặc gọi đường dây nóng nếu bạn không tạo tài khoản đó.",
    )
}

fn profile(req: &RegisterRequest) -> (Me, String) {
    match req {
        RegisterRequest::Citizen {
            full_name,
            citizen_id,
            date_of_birth,
            phone,
            email,
            address,
            password,
        } => (
            Me {
                id: 0,
                kind: AccountKind::Citizen,
                identifier: citizen_id.trim().to_string(),
                full_name: nfc(full_name.trim()),
                date_of_birth: Some(date_of_birth.trim().to_string()),
                company_name: None,
                legal_representative: None,
                phone: phone.trim().to_string(),
                email: email.trim().to_string(),
                address: nfc(address.trim()),
                agency: None,
                verified: false,
            },
            password.clone(),
        ),
        RegisterRequest::Business {
            tax_code,
            company_name,
            legal_representative,
            phone,
            email,
            address,
            password,
        } => (
            Me {
                id: 0,
                kind: AccountKind::Business,
                identifier: TaxCode::parse(tax_code)
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
                full_name: nfc(legal_representative.trim()),
                date_of_birth: None,
                company_name: Some(nfc(company_name.trim())),
                legal_representative: Some(nfc(legal_representative.trim())),
                phone: phone.trim().to_string(),
                email: email.trim().to_string(),
                address: nfc(address.trim()),
                agency: None,
                verified: false,
            },
            password.clone(),
        ),
    }
}

/// The cheap checks first — the rules, the address's allowance, whether the identifier is taken — and
/// only then the costly hash.
pub async fn register(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Json(req): Json<RegisterRequest>,
) -> Result<impl IntoResponse, AppError> {
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(AppError::invalid(
            "Một số thông tin chưa đúng. Sửa các mục được đánh dấu rồi gửi lại.",
            problems,
        ));
    }
    let store = &state.store;
    let now = clock::now();
    if !store
        .record_within(
            FailureLog::Registration,
            "address",
            &address.to_string(),
            now - REGISTRATION_WINDOW,
            state.limits.registrations_per_address,
            now,
        )
        .await?
    {
        return Err(AppError::TooManyRequests {
            retry_after: REGISTRATION_WINDOW,
            message: "Có quá nhiều tài khoản được đăng ký từ địa chỉ này. Hãy thử lại sau một giờ.",
        });
    }
    let (me, password) = profile(&req);
    if store.account_by_identifier(&me.identifier).await?.is_some() {
        return Err(account_exists());
    }
    let password_hash = password::hash_blocking(password).await?;
    let me = store
        .create_account(&NewAccount { password_hash, me }, now)
        .await
        .map_err(|e| match e {
            CreateAccountError::Taken => account_exists(),
            CreateAccountError::Other(e) => AppError::Internal(e),
        })?;
    let cookies = auth::start_session(store, &me).await?;
    Ok((StatusCode::CREATED, cookies, Json(me)))
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Json(req): Json<LoginRequest>,
) -> Result<impl IntoResponse, AppError> {
    let me = password::login(
        &state.store,
        &req.identifier,
        &req.password,
        address,
        clock::now(),
    )
    .await
    .map_err(|e| match e {
        LoginError::Invalid => AppError::refused(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "Số định danh hoặc mật khẩu không đúng.",
        ),
        LoginError::TooMany { retry_after } => AppError::TooManyRequests {
            retry_after,
            message: "Đăng nhập sai quá nhiều lần. Vì an toàn, hãy chờ một lúc rồi thử lại.",
        },
        LoginError::Internal(e) => AppError::Internal(e),
    })?;
    let cookies = auth::start_session(&state.store, &me).await?;
    Ok((cookies, Json(me)))
}

/// Signing out always succeeds and always clears the cookie, signed in or not.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    if let Some(hash) = request_token_hash(&headers) {
        state.store.delete_session(&hash).await?;
    }
    Ok((StatusCode::NO_CONTENT, auth::clear_cookies()))
}
