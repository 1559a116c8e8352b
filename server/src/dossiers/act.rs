//! Actions on a dossier: checked against the rules and the version the person saw, then applied
//! with their event, files and message in one go. [`apply`] is the pure part, which the generator
//! of synthetic dossiers shares.

use axum::http::StatusCode;
use motcua_api::account::Me;
use motcua_api::calendar::{Calendar, Date};
use motcua_api::dossier::UploadInfo;
use motcua_api::lifecycle::{
    transition, Action, ActionKind, ActionRequest, Actor, DossierView, Role,
};
use motcua_api::problem::{Code, Name, Problem};
use motcua_api::Text;

use super::{actor, notify, view, Access, Ctx};
use crate::error::{AppError, CHECK_MARKED};
use crate::lifecycle::DossierState;
use crate::stats::upkeep::{self, Subject};
use crate::store::dossiers::{Change, EventData, NewEvent};

/// Applies an action by `me` and tells whoever listens; answers the dossier as it now stands.
pub async fn act(
    ctx: &Ctx<'_>,
    code: &str,
    me: &Me,
    req: ActionRequest,
) -> Result<DossierView, AppError> {
    let (row, access) = ctx.load(code, me).await?;
    if access == (Access::Member { act: false }) {
        return Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "view_only",
            "Anh/chị chỉ được xem hồ sơ của doanh nghiệp này.",
        ));
    }
    if req.version != row.state.version {
        return Err(stale());
    }
    // An action not allowed now is refused as such, before what it carries is judged.
    let problems = req.action.problems(ctx.today());
    let (data, files) = event_data(&req.action);
    let (state, mut event) = apply(
        &row.state,
        req.action.kind(),
        actor(access),
        Some(me.id),
        data,
        ctx.now,
        ctx.calendar,
    )
    .map_err(|why| AppError::refused(StatusCode::CONFLICT, "not_allowed", why.vi))?;
    if !problems.is_empty() {
        return Err(AppError::invalid(CHECK_MARKED, problems));
    }
    if req.action.kind() == ActionKind::Return && !super::fees::settled(ctx, code).await? {
        return Err(AppError::refused(
            StatusCode::CONFLICT,
            "fee_unpaid",
            "Chưa trả được kết quả: phí, lệ phí chưa nộp đủ hoặc miễn giảm chưa được xét. \
             Ghi nhận nộp tại quầy hoặc xét miễn giảm trước.",
        ));
    }
    // Files must exist and be the actor's own; their names go into the event.
    event.data.files = own_files(ctx, me.id, &files).await?;
    // Someone acting for the applicant who is not the owner: a member of the company.
    let by = matches!(access, Access::Member { .. }).then_some(me);
    let notification = notify::notification(ctx, &row, &event, by).await?;
    let state_after = state.status;
    let subject = Subject::of(&row.receipt);
    let change = Change {
        seen: row.state.version,
        stats: upkeep::changed(&subject, &state, &event, ctx.calendar),
        state,
        event,
        files,
        notification,
        overdue_notified: false,
    };
    if !ctx.store.apply_change(code, change, Some(me.id)).await? {
        return Err(stale());
    }
    super::fees::ended(ctx, code, state_after).await?;
    ctx.notifier.changed(code);
    let (row, access) = ctx.load(code, me).await?;
    view::view(ctx, row, access).await
}

/// What an allowed action does, on its own: the state the dossier moves to (one version on) and the
/// event that records it; or, from the transition rules, why it is not allowed now.
pub fn apply(
    state: &DossierState,
    kind: ActionKind,
    actor: Actor,
    account: Option<i64>,
    data: EventData,
    now: i64,
    calendar: &Calendar,
) -> Result<(DossierState, NewEvent), Text> {
    let outcome = transition(state.position(Date::in_vietnam(now)), kind, actor)?;
    let mut next = state.after(outcome, now, calendar);
    if let Some(d) = data.new_date {
        next.progress.new_date = Some(d);
    }
    let role = match actor {
        Actor::Owner => Role::Applicant,
        Actor::Holder | Actor::Other => Role::Officer,
    };
    let event = NewEvent::at_current_step(&state.progress, now, kind.event(), role, account, data);
    Ok((next, event))
}

fn stale() -> AppError {
    AppError::refused(
        StatusCode::CONFLICT,
        "stale",
        "Hồ sơ vừa thay đổi. Xem lại tình trạng mới nhất rồi thực hiện lại.",
    )
}

/// Text as kept: trimmed, in NFC.
fn clean(s: &str) -> String {
    motcua_api::text::nfc(s.trim())
}

/// What an action records: its note, items and new date as kept, and the files it adds.
pub fn event_data(action: &Action) -> (EventData, Vec<String>) {
    let mut data = EventData::default();
    let mut files = Vec::new();
    match action {
        Action::Withdraw { note }
        | Action::Receive { note }
        | Action::Forward { note }
        | Action::Return { note } => data.note = clean(note),
        Action::RequestSupplement { note, items } => {
            data.note = clean(note);
            data.items = items
                .iter()
                .map(|i| clean(i))
                .filter(|i| !i.is_empty())
                .collect();
        }
        Action::Supplement { note, files: f } => {
            data.note = clean(note);
            files = f.clone();
        }
        Action::ResultReady {
            note,
            files: f,
            number,
        } => {
            data.note = clean(note);
            data.number = clean(number);
            files = f.clone();
        }
        Action::Refuse { reason } => data.note = clean(reason),
        Action::Apologize { reason, new_date } => {
            data.note = clean(reason);
            data.new_date = Date::parse(new_date.trim());
        }
    }
    (data, files)
}

/// The named files, each an upload of `owner`'s not yet part of a dossier.
async fn own_files(ctx: &Ctx<'_>, owner: i64, ids: &[String]) -> Result<Vec<UploadInfo>, AppError> {
    let mut found = Vec::new();
    for id in ids {
        match ctx.free_upload(owner, id).await? {
            Some(info) => found.push(info),
            None => {
                return Err(AppError::invalid(
                    CHECK_MARKED,
                    vec![Problem::new(Name::Files, Code::FileGone)],
                ))
            }
        }
    }
    Ok(found)
}
