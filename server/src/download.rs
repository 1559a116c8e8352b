//! A file sent to be saved rather than shown: dossier files, one's own uploads, template forms.

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// `bytes` as an attachment named `name` (any script, percent-encoded), with the caching given.
pub fn attachment(
    name: &str,
    content_type: &str,
    cache_control: &'static str,
    bytes: impl Into<Body>,
) -> Response {
    let encoded = motcua_api::encode_component(name);
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, cache_control.to_string()),
        ],
        bytes.into(),
    )
        .into_response()
}
