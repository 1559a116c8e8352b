use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_api::ErrorBody;

/// Every error a handler returns. Internal errors are logged in full and answered with a generic
/// message: nothing about the server's insides reaches the client.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {}", .0.message)]
    BadRequest(ErrorBody),
    #[error("not found: {0}")]
    NotFound(&'static str),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        AppError::BadRequest(ErrorBody {
            code: code.into(),
            message: message.into(),
            fields: None,
        })
    }
}

pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(ErrorBody {
            code: code.into(),
            message: message.into(),
            fields: None,
        }),
    )
        .into_response()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::BadRequest(body) => (StatusCode::BAD_REQUEST, Json(body)).into_response(),
            AppError::NotFound(what) => error_response(StatusCode::NOT_FOUND, "not_found", what),
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
