use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_api::problem::Problem;
use motcua_api::ErrorBody;

/// The message over a refused request whose wrong fields are each marked (an action, a company
/// request or decision).
pub const CHECK_MARKED: &str = "Kiểm tra lại các mục được đánh dấu.";

/// Every error a handler returns. Internal errors are logged in full and answered with a generic
/// message: nothing about the server's insides reaches the client.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {}", .0.message)]
    BadRequest(ErrorBody),
    #[error("not found: {0}")]
    NotFound(&'static str),
    #[error("not signed in")]
    Unauthorized,
    /// Well-formed input that breaks the rules: 422 with a message per field.
    #[error("invalid fields: {}", .0.message)]
    Invalid(ErrorBody),
    /// Any other refusal: the status, a stable code and the message for people.
    #[error("{0}: {2}")]
    Refused(StatusCode, &'static str, String),
    #[error("too many requests")]
    TooManyRequests {
        retry_after: i64,
        message: &'static str,
    },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// A 422: the request is well formed but breaks the rules; `message` says what to do next and
    /// `problems` name each field that is wrong. Every invalid-fields answer is made here.
    pub fn invalid(message: &str, problems: Vec<Problem>) -> Self {
        AppError::Invalid(ErrorBody::invalid(message, problems))
    }

    pub fn refused(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        AppError::Refused(status, code, message.into())
    }

    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        AppError::BadRequest(ErrorBody::new(code, message))
    }
}

pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(ErrorBody::new(code, message))).into_response()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::BadRequest(body) => (StatusCode::BAD_REQUEST, Json(body)).into_response(),
            AppError::NotFound(what) => error_response(StatusCode::NOT_FOUND, "not_found", what),
            AppError::Unauthorized => error_response(
                StatusCode::UNAUTHORIZED,
                "not_signed_in",
                "Bạn cần đăng nhập để tiếp tục.",
            ),
            AppError::Invalid(body) => {
                (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
            }
            AppError::Refused(status, code, message) => error_response(status, code, &message),
            AppError::TooManyRequests {
                retry_after,
                message,
            } => {
                let mut response =
                    error_response(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", message);
                response.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from(retry_after),
                );
                response
            }
            AppError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                error_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on our side. Please try again in a moment.",
                )
            }
        }
    }
}
