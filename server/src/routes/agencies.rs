use axum::extract::State;
use motcua_api::{AgencyCount, AgencyList};

use crate::extract::Json;
use crate::state::AppState;

pub async fn list(State(state): State<AppState>) -> Json<AgencyList> {
    let (_, agencies) = state.index.counts();
    Json(AgencyList {
        items: agencies
            .into_iter()
            .map(|(a, count)| AgencyCount {
                agency: a.clone(),
                count,
            })
            .collect(),
    })
}
