use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use motcua_api::form::FormDefinition;
use motcua_api::{ErrorBody, ProcedureDetail, SearchRequest};

use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::learning;
use crate::state::AppState;

pub async fn search(
    State(state): State<AppState>,
    // Query pairs as sent, so every parameter is checked by the shared rules and reported by name.
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<impl IntoResponse, AppError> {
    let req = SearchRequest::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(AppError::BadRequest)?;
    let body = learning::search(&state.learning(), &req).map_err(|e| {
        AppError::BadRequest(ErrorBody {
            fields: Some(BTreeMap::from([(
                e.param.to_string(),
                "Unknown value.".to_string(),
            )])),
            ..ErrorBody::new(
                "unknown_filter",
                format!("There is no such {} in the catalogue.", e.param),
            )
        })
    })?;
    Ok(([(CONTENT_TYPE, "application/json")], body))
}

pub async fn detail(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ProcedureDetail>, AppError> {
    let detail = state
        .index
        .detail(&code)
        .ok_or(AppError::NotFound("There is no procedure with this code."))?;
    state.index.viewed(&code);
    Ok(Json(detail))
}

pub async fn form(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<FormDefinition>, AppError> {
    state
        .index
        .form(&code)
        .map(|form| Json(form.into_owned()))
        .ok_or(AppError::NotFound("This procedure has no online form."))
}

pub async fn places(State(state): State<AppState>) -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        state.index.places_json(),
    )
}
