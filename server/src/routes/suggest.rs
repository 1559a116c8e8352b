use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use motcua_api::MAX_QUERY_CHARS;

use crate::error::AppError;
use crate::extract::Query;
use crate::learning;
use crate::state::AppState;

pub async fn suggest(
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<impl IntoResponse, AppError> {
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
    Ok((
        [(CONTENT_TYPE, "application/json")],
        learning::suggest(&state.learning(), q),
    ))
}
