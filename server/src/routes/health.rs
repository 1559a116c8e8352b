use axum::extract::State;
use motcua_api::Health;

use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    state.store.ping().await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        procedures: state.index.len() as u32,
    }))
}
