use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;

use crate::error::AppError;
use crate::startup::AppState;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A blank template form. Only names the catalogue refers to are served, so the path can never reach
/// another file.
pub async fn download(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    const MISSING: AppError = AppError::NotFound("There is no such template form.");
    if !state.index.has_template(&file) {
        return Err(MISSING);
    }
    let bytes = tokio::fs::read(state.templates_dir.join(&file))
        .await
        .map_err(|_| MISSING)?;
    let content_type = if file.ends_with(".docx") {
        DOCX
    } else if file.ends_with(".pdf") {
        "application/pdf"
    } else {
        "application/octet-stream"
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
            (header::CACHE_CONTROL, "public, max-age=86400".to_string()),
        ],
        bytes,
    ))
}
