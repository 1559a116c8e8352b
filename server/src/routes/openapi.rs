use axum::http::header;
use axum::response::IntoResponse;

/// The OpenAPI 3 document, kept beside the code it describes.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
