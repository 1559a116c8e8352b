use axum::extract::{Path, State};
use axum::response::Response;

use crate::download::attachment;
use crate::error::AppError;
use crate::state::AppState;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A blank template form. Only names the catalogue refers to are served, so the path can never reach
/// another file.
pub async fn download(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
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
    Ok(attachment(
        &file,
        content_type,
        "public, max-age=86400",
        bytes,
    ))
}
