//! `Json` and `Query` as axum's, but a body or query string that cannot be read is a 400 in the
//! project's error shape rather than axum's plain text.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::AppError;

/// A part of the request that cannot be read: a 400 that says which, and why.
fn unreadable(code: &str, what: &str, why: impl std::fmt::Display) -> AppError {
    AppError::bad_request(code, format!("The {what} cannot be read: {why}"))
}

/// A JSON body in, or a JSON answer out.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let axum::Json(value) = axum::Json::<T>::from_request(req, state)
            .await
            .map_err(|e: JsonRejection| unreadable("invalid_body", "request body", e))?;
        Ok(Json(value))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state)
                .await
                .map_err(|e: QueryRejection| unreadable("invalid_query", "query string", e))?;
        Ok(Query(value))
    }
}
