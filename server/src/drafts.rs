//! Drafts: the answers of an application not yet submitted, kept per account under an id the app
//! makes (so a draft exists before its first answer reaches the server), up to a quota.

use axum::http::StatusCode;
use motcua_api::dossier::{Draft, DraftProject, DraftSummary};

use crate::error::AppError;
use crate::search::CatalogueIndex;
use crate::store::uploads::{DraftSaved, SavedDraft};
use crate::store::Store;

const NO_DRAFT: AppError = AppError::NotFound("There is no such draft.");

/// What the drafts need: the store, the catalogue, the quota and the time.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub index: &'a CatalogueIndex,
    /// How many drafts one account may keep.
    pub kept: i64,
    pub now: i64,
}

/// Draft ids: 8–64 URL-safe characters. Any other answers "not found", as a missing one does.
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

/// Saves the draft as sent. Someone else's draft under the same id answers "not found", exactly as
/// a missing one does.
pub async fn put(ctx: &Ctx<'_>, owner: i64, id: &str, mut draft: Draft) -> Result<Draft, AppError> {
    check_id(id)?;
    if ctx.index.form(&draft.procedure).is_none() {
        return Err(AppError::bad_request(
            "unknown_procedure",
            "This procedure cannot be applied for online.",
        ));
    }
    draft.updated_at = ctx.now;
    let kept = ctx.kept;
    match ctx.store.put_draft(owner, id, &draft, kept).await? {
        DraftSaved::Saved => Ok(draft),
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

pub async fn get(ctx: &Ctx<'_>, owner: i64, id: &str) -> Result<Draft, AppError> {
    check_id(id)?;
    ctx.store.draft(owner, id).await?.ok_or(NO_DRAFT)
}

pub async fn delete(ctx: &Ctx<'_>, owner: i64, id: &str) -> Result<(), AppError> {
    check_id(id)?;
    if ctx.store.delete_draft(owner, id).await? {
        Ok(())
    } else {
        Err(NO_DRAFT)
    }
}

/// The account's drafts, newest first, each with the project step it is for.
pub async fn list(ctx: &Ctx<'_>, owner: i64) -> Result<Vec<DraftSummary>, AppError> {
    Ok(ctx
        .store
        .drafts(owner)
        .await?
        .into_iter()
        .map(|saved| summary(ctx.index, saved))
        .collect())
}

fn summary(index: &CatalogueIndex, saved: SavedDraft) -> DraftSummary {
    let d = saved.draft;
    let project = d.project.zip(saved.project).and_then(|(to, (name, kind))| {
        let at = index
            .journey(&kind)?
            .steps
            .iter()
            .position(|s| s.id == to.step)?;
        Some(DraftProject {
            id: to.project,
            name,
            step: to.step,
            number: at as u32 + 1,
        })
    });
    DraftSummary {
        procedure_name: index.procedure_name(&d.procedure),
        id: saved.id,
        procedure: d.procedure,
        step: d.step,
        updated_at: d.updated_at,
        project,
    }
}
