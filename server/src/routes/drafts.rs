use axum::extract::{Path, State};
use axum::http::StatusCode;
use motcua_api::dossier::{Draft, DraftList, DraftProject, DraftSummary};

use crate::auth::CurrentAccount;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;
use crate::store::uploads::DraftSaved;

const NO_DRAFT: AppError = AppError::NotFound("There is no such draft.");

/// Draft ids are made by the app (so a draft exists before the first answer reaches the server):
/// 8–64 URL-safe characters.
fn check_id(id: &str) -> Result<(), AppError> {
    let ok = (8..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(NO_DRAFT)
    }
}

/// Saves the draft as sent. Someone else's draft under the same id answers "not found", exactly as a
/// missing one does.
pub async fn put(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
    Json(mut draft): Json<Draft>,
) -> Result<Json<Draft>, AppError> {
    check_id(&id)?;
    if state.index.form(&draft.procedure).is_none() {
        return Err(AppError::bad_request(
            "unknown_procedure",
            "This procedure cannot be applied for online.",
        ));
    }
    draft.updated_at = state.clock.now();
    let kept = state.limits.drafts_kept;
    match state.store.put_draft(account.me.id, &id, &draft, kept).await? {
        DraftSaved::Saved => Ok(Json(draft)),
        DraftSaved::NotFound => Err(NO_DRAFT),
        DraftSaved::OverQuota => Err(AppError::refused(
            StatusCode::CONFLICT,
            "draft_quota",
            format!(
                "Bạn đang giữ {kept} bản nháp, là số tối đa. Hãy xóa bản nháp không dùng hoặc nộp hồ sơ trước khi bắt đầu hồ sơ mới."
            ),
        )),
    }
}

pub async fn get(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
) -> Result<Json<Draft>, AppError> {
    check_id(&id)?;
    state
        .store
        .draft(account.me.id, &id)
        .await?
        .map(Json)
        .ok_or(NO_DRAFT)
}

pub async fn delete(
    State(state): State<AppState>,
    account: CurrentAccount,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    check_id(&id)?;
    if state.store.delete_draft(account.me.id, &id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(NO_DRAFT)
    }
}

pub async fn list(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<DraftList>, AppError> {
    let items = state
        .store
        .drafts(account.me.id)
        .await?
        .into_iter()
        .map(|saved| {
            let d = saved.draft;
            let project = d.project.zip(saved.project).and_then(|(to, (name, kind))| {
                let journey = state.index.journeys().iter().find(|j| j.id == kind)?;
                let at = journey.steps.iter().position(|s| s.id == to.step)?;
                Some(DraftProject {
                    id: to.project,
                    name,
                    step: to.step,
                    number: at as u32 + 1,
                })
            });
            DraftSummary {
                procedure_name: state.index.procedure_name(&d.procedure),
                id: saved.id,
                procedure: d.procedure,
                step: d.step,
                updated_at: d.updated_at,
                project,
            }
        })
        .collect();
    Ok(Json(DraftList { items }))
}
