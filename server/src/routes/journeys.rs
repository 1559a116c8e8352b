use axum::extract::State;
use motcua_api::project::Journey;

use crate::extract::Json;
use crate::state::AppState;

/// `GET /api/v1/journeys`: every kind of project with its steps, to choose from when creating one.
pub async fn list(State(state): State<AppState>) -> Json<Vec<Journey>> {
    Json(state.index.journeys().to_vec())
}
