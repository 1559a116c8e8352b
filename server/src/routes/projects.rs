//! `/api/v1/projects`: each handler reads the request, asks the project service and answers.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::Event as SseEvent;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use motcua_api::project::{ProjectList, ProjectRequest, ProjectView, StepStart};
use serde::Deserialize;

use crate::auth::CurrentAccount;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::live;
use crate::projects::{self, Submitted};
use crate::state::AppState;

/// `POST /api/v1/projects`, with an `Idempotency-Key` header: 201 with a new project, 200 with the
/// one an earlier request with the same key made.
pub async fn create(
    State(state): State<AppState>,
    account: CurrentAccount,
    headers: HeaderMap,
    body: Result<Json<ProjectRequest>, AppError>,
) -> Result<impl IntoResponse, AppError> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    let body = body.map(|Json(req)| req);
    Ok(
        match projects::create(&state.projects(), &account.me, key, body).await? {
            Submitted::Created(view) => (StatusCode::CREATED, Json(view)),
            Submitted::Found(view) => (StatusCode::OK, Json(view)),
        },
    )
}

#[derive(Deserialize)]
pub struct ListQuery {
    after: Option<String>,
}

/// `GET /api/v1/projects?after=`: a page of the projects of the account's companies.
pub async fn list(
    State(state): State<AppState>,
    account: CurrentAccount,
    Query(q): Query<ListQuery>,
) -> Result<Json<ProjectList>, AppError> {
    Ok(Json(
        projects::list(&state.projects(), &account.me, q.after.as_deref()).await?,
    ))
}

/// `GET /api/v1/projects/{id}`.
pub async fn get(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
) -> Result<Json<ProjectView>, AppError> {
    Ok(Json(
        projects::view(&state.projects(), &account.me, &id).await?,
    ))
}

/// `GET /api/v1/projects/{id}/steps/{step}`: what filing the step starts from.
pub async fn step(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path((id, step)): Path<(String, String)>,
) -> Result<Json<StepStart>, AppError> {
    Ok(Json(
        projects::step_start(&state.projects(), &account.me, &id, &step).await?,
    ))
}

/// `GET /api/v1/projects/{id}/changes`: server-sent events, one `changed` each time one of the
/// project's dossiers changes or a new one joins it, so its page reloads by itself. Counted with
/// the dossiers' live streams against the account's few at once; each ends when its session does.
pub async fn changes(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let changes = projects::changes(
        &state.projects(),
        &account.me,
        &id,
        &account.token_hash,
        state.limits.session_check,
    )
    .await?;
    // Browsers drop an event without data: it carries the project's id.
    let events = changes.map(move |()| SseEvent::default().event("changed").data(&id));
    Ok(live::respond(&state, account.me.id, events))
}
