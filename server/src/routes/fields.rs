use axum::extract::State;
use motcua_api::FieldList;

use crate::extract::Json;
use crate::state::AppState;

pub async fn list(State(state): State<AppState>) -> Json<FieldList> {
    Json(state.index.field_list())
}
