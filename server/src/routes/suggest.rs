use axum::extract::State;
use axum::Json;
use motcua_api::{SuggestResponse, MAX_QUERY_CHARS};

use super::procedures::{pairs, Pairs};
use crate::error::AppError;
use crate::startup::AppState;

const SUGGESTIONS: usize = 8;

pub async fn suggest(
    State(state): State<AppState>,
    query: Pairs,
) -> Result<Json<SuggestResponse>, AppError> {
    let pairs = pairs(query)?;
    let q = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::bad_request(
            "invalid_parameters",
            format!("The search text is longer than {MAX_QUERY_CHARS} characters."),
        ));
    }
    Ok(Json(SuggestResponse {
        items: state.index.suggest(q, SUGGESTIONS),
    }))
}
