use axum::extract::State;
use motcua_api::{SuggestResponse, MAX_QUERY_CHARS};

use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

const SUGGESTIONS: usize = 8;

pub async fn suggest(
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<SuggestResponse>, AppError> {
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
