//! `/api/v1/projects`: each handler reads the request, asks the project service and answers.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use motcua_api::project::{ProjectList, ProjectRequest, ProjectView, StepStart};

use crate::auth::CurrentAccount;
use crate::error::AppError;
use crate::extract::Json;
use crate::limits;
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

/// `GET /api/v1/projects`: the projects of the account's companies.
pub async fn list(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<ProjectList>, AppError> {
    Ok(Json(projects::list(&state.projects(), &account.me).await?))
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
    let Some(slot) = state.streams.take(account.me.id) else {
        return Ok(limits::too_many_streams(state.limits.streams_per_account));
    };
    let events = changes.map(move |()| {
        // Held by the stream, so given back when the stream is dropped.
        let _slot = &slot;
        // Browsers drop an event without data: it carries the project's id.
        Ok::<_, std::convert::Infallible>(SseEvent::default().event("changed").data(&id))
    });
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Sse::new(events).keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15))),
    )
        .into_response())
}
