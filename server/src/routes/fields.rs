use axum::extract::State;
use motcua_api::{FieldCount, FieldList};

use crate::extract::Json;
use crate::state::AppState;

pub async fn list(State(state): State<AppState>) -> Json<FieldList> {
    let (fields, _) = state.index.counts();
    Json(FieldList {
        items: fields
            .into_iter()
            .map(|(f, count)| FieldCount {
                id: f.id.clone(),
                name: f.name.clone(),
                count,
            })
            .collect(),
    })
}
