//! What happens to a dossier after submission, between the routes and the store: who may see it,
//! what each action does, the views people get, the messages they are sent and the overdue sweep.

use motcua_api::account::{AccountKind, Me};
use motcua_api::calendar::Date;
use motcua_api::dossier::UploadInfo;
use motcua_api::lifecycle::{
    allowed, transition, AccessRecord, Action, ActionRequest, Actor, Applicant, DossierView, Event,
    EventKind, Rating, Role, Status,
};
use motcua_api::Text;

use crate::error::AppError;
use crate::startup::AppState;
use crate::store::lifecycle::{Change, DossierRow, EventData, Mail, NewEvent, NewNotification};

/// How long a rating may be changed after it is first given.
pub const RATING_CHANGE_SECONDS: i64 = 7 * 24 * 3600;

pub const NO_DOSSIER: AppError = AppError::NotFound("There is no such dossier.");

/// How a person stands to a dossier; `None` means they may not see it at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Owner,
    /// An officer of an agency in the dossier's workflow; `holder` when the agency holds it now.
    Officer {
        holder: bool,
    },
}

/// The 10-digit tax code of a business account: its branches (`-001`) share the company's dossiers.
pub fn company(me: &Me) -> Option<String> {
    (me.kind == AccountKind::Business).then(|| me.identifier.chars().take(10).collect())
}

pub fn access(row: &DossierRow, me: &Me) -> Option<Access> {
    match me.kind {
        AccountKind::Officer => {
            let agency = me.agency.as_deref()?;
            row.progress
                .steps
                .iter()
                .any(|s| s.step.agency == agency)
                .then(|| Access::Officer {
                    holder: row.progress.holder() == agency,
                })
        }
        _ if row.owner == me.id => Some(Access::Owner),
        AccountKind::Business if row.company.is_some() && row.company == company(me) => {
            Some(Access::Owner)
        }
        _ => None,
    }
}

fn actor(access: Access) -> Actor {
    match access {
        Access::Owner => Actor::Owner,
        Access::Officer { holder: true } => Actor::Holder,
        Access::Officer { holder: false } => Actor::Other,
    }
}

pub fn agency_name(state: &AppState, id: &str) -> Text {
    state
        .index
        .catalogue()
        .agencies
        .iter()
        .find(|a| a.id == id)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| Text::new(id, id))
}

/// Loads a dossier the person may see; anyone else, or a wrong code, gets the same 404.
pub async fn load(state: &AppState, code: &str, me: &Me) -> Result<(DossierRow, Access), AppError> {
    let row = state.store.dossier_row(code).await?.ok_or(NO_DOSSIER)?;
    let access = access(&row, me).ok_or(NO_DOSSIER)?;
    Ok((row, access))
}

fn due(row: &DossierRow) -> Result<Date, AppError> {
    Date::parse(&row.due_date)
        .ok_or_else(|| anyhow::anyhow!("dossier {} has a bad due date", row.code).into())
}

/// The dossier as `me` sees it.
pub async fn view(
    state: &AppState,
    row: DossierRow,
    access: Access,
    now: i64,
) -> Result<DossierView, AppError> {
    let today = Date::in_vietnam(now);
    let due = due(&row)?;
    let cal = &state.calendar;
    let (timeliness, days_left) = row.progress.timeliness(cal, due, today);
    let events = state
        .store
        .events(&row.code)
        .await?
        .into_iter()
        .map(|e| Event {
            id: e.id,
            at: e.at,
            kind: e.kind,
            status: e.status,
            step: e.step,
            agency_name: agency_name(state, &e.agency),
            agency: e.agency,
            role: e.role,
            note: e.data.note,
            items: e.data.items,
            files: e.data.files,
            new_date: e.data.new_date,
        })
        .collect::<Vec<_>>();
    let result: Vec<UploadInfo> = events
        .iter()
        .filter(|e| e.kind == EventKind::ResultReady)
        .flat_map(|e| e.files.clone())
        .collect();
    let access_log = if access == Access::Owner {
        state
            .store
            .access(&row.code)
            .await?
            .into_iter()
            .map(|a| AccessRecord {
                at: a.at,
                agency_name: agency_name(state, &a.agency),
                agency: a.agency,
                role: a.role,
                file: a.file,
            })
            .collect()
    } else {
        Vec::new()
    };
    let rating = state.store.rating(&row.code).await?.map(|r| Rating {
        overall: r.overall,
        criteria: r.criteria,
        comment: r.comment,
        rated_at: r.rated_at,
        changeable_until: r.rated_at + RATING_CHANGE_SECONDS,
    });
    let can_rate = access == Access::Owner
        && row.status == Status::Returned
        && rating.as_ref().is_none_or(|r| now < r.changeable_until)
        && state.index.catalogue().satisfaction.is_some();
    let position = row.progress.position(row.status, due, today);
    let applicant = match access {
        Access::Owner => None,
        Access::Officer { .. } => {
            let account = state.store.account_by_id(row.owner).await?;
            account.map(|a| Applicant {
                full_name: row.applicant.clone(),
                identifier: a.me.identifier,
                phone: a.me.phone,
                email: a.me.email,
            })
        }
    };
    Ok(DossierView {
        code: row.code.clone(),
        procedure: row.receipt.procedure.clone(),
        procedure_name: row.receipt.procedure_name.clone(),
        status: row.status,
        version: row.version,
        submitted_at: row.receipt.received_at,
        due_date: row.due_date.clone(),
        processing_days: row.receipt.processing_days,
        timeliness,
        days_left,
        new_date: row.progress.new_date.clone(),
        steps: row.progress.views(cal, today, |a| agency_name(state, a)),
        current_step: row.progress.current,
        events,
        documents: row.receipt.documents,
        answers: row.receipt.answers,
        delivery: row.receipt.delivery,
        result,
        applicant,
        access: access_log,
        actions: allowed(position, actor(access)),
        rating,
        can_rate,
    })
}

fn field_error(field: &str, message: &str) -> AppError {
    AppError::Invalid(motcua_api::ErrorBody {
        code: "invalid_fields".into(),
        message: "Kiểm tra lại các mục được đánh dấu.".into(),
        fields: Some([(field.to_string(), message.to_string())].into()),
    })
}

fn clean(s: &str, max: usize, field: &str) -> Result<String, AppError> {
    let s = motcua_api::text::nfc(s.trim());
    if s.chars().count() > max {
        return Err(field_error(
            field,
            &format!("Viết ngắn hơn: tối đa {max} ký tự."),
        ));
    }
    Ok(s)
}

/// Checks what an action carries and turns it into the event's data and the files it adds.
fn event_data(action: &Action, today: Date) -> Result<(EventData, Vec<String>), AppError> {
    let mut data = EventData::default();
    let mut files = Vec::new();
    match action {
        Action::Withdraw { note }
        | Action::Receive { note }
        | Action::Forward { note }
        | Action::Return { note } => data.note = clean(note, 2000, "note")?,
        Action::RequestSupplement { note, items } => {
            data.note = clean(note, 2000, "note")?;
            for item in items {
                let item = clean(item, 500, "items")?;
                if !item.is_empty() {
                    data.items.push(item);
                }
            }
            if data.items.is_empty() {
                return Err(field_error(
                    "items",
                    "Ghi rõ ít nhất một giấy tờ hoặc nội dung cần bổ sung.",
                ));
            }
            if data.items.len() > 50 {
                return Err(field_error("items", "Tối đa 50 mục trong một lần yêu cầu."));
            }
        }
        Action::Supplement { note, files: f } => {
            data.note = clean(note, 2000, "note")?;
            files = f.clone();
            if data.note.is_empty() && files.is_empty() {
                return Err(field_error(
                    "files",
                    "Tải lên giấy tờ được yêu cầu hoặc ghi nội dung bổ sung.",
                ));
            }
        }
        Action::ResultReady { note, files: f } => {
            data.note = clean(note, 2000, "note")?;
            files = f.clone();
            if files.is_empty() {
                return Err(field_error("files", "Đính kèm tệp kết quả giải quyết."));
            }
        }
        Action::Refuse { reason } => {
            data.note = clean(reason, 2000, "reason")?;
            if data.note.is_empty() {
                return Err(field_error("reason", "Ghi rõ lý do từ chối."));
            }
        }
        Action::Apologize { reason, new_date } => {
            data.note = clean(reason, 2000, "reason")?;
            if data.note.is_empty() {
                return Err(field_error("reason", "Ghi rõ lý do chậm trễ."));
            }
            match Date::parse(new_date.trim()) {
                Some(d) if d > today => data.new_date = Some(d.to_string()),
                _ => {
                    return Err(field_error(
                        "new_date",
                        "Chọn ngày hẹn trả mới, sau ngày hôm nay.",
                    ))
                }
            }
        }
    }
    if files.len() > 20 {
        return Err(field_error("files", "Tối đa 20 tệp trong một lần."));
    }
    Ok((data, files))
}

/// The message the owner gets for an event, if it is one they must know of.
async fn notification(
    state: &AppState,
    row: &DossierRow,
    kind: EventKind,
    data: &EventData,
) -> Result<Option<NewNotification>, AppError> {
    let code = &row.code;
    let name = &row.receipt.procedure_name;
    let (title, body) = match kind {
        EventKind::Received => (
            Text::new("Hồ sơ đã được tiếp nhận", "Your dossier was received"),
            Text {
                vi: format!("Hồ sơ {code} ({}) đã được tiếp nhận và đang được giải quyết.", name.vi),
                en: format!("Dossier {code} ({}) was received and is being processed.", name.en),
            },
        ),
        EventKind::SupplementRequested => (
            Text::new("Cần bổ sung hồ sơ", "Your dossier needs more documents"),
            Text {
                vi: format!(
                    "Hồ sơ {code} cần bổ sung: {}. Thời gian giải quyết tạm dừng đến khi anh/chị bổ sung.",
                    data.items.join("; ")
                ),
                en: format!(
                    "Dossier {code} needs: {}. The processing time is paused until you answer.",
                    data.items.join("; ")
                ),
            },
        ),
        EventKind::ResultReady => (
            Text::new("Đã có kết quả", "Your result is ready"),
            Text {
                vi: format!("Hồ sơ {code} ({}) đã có kết quả.", name.vi),
                en: format!("Dossier {code} ({}) has its result.", name.en),
            },
        ),
        EventKind::Refused => (
            Text::new("Hồ sơ bị từ chối", "Your dossier was refused"),
            Text {
                vi: format!("Hồ sơ {code} bị từ chối. Lý do: {}", data.note),
                en: format!("Dossier {code} was refused. Reason: {}", data.note),
            },
        ),
        EventKind::Overdue => (
            Text::new("Hồ sơ đã quá hạn giải quyết", "Your dossier is overdue"),
            Text {
                vi: format!(
                    "Hồ sơ {code} đã quá hạn trả kết quả ({}). Cơ quan giải quyết sẽ gửi phiếu xin lỗi và hẹn lại ngày trả.",
                    row.due_date
                ),
                en: format!(
                    "Dossier {code} is past its due date ({}). The agency will send an apology with a new date.",
                    row.due_date
                ),
            },
        ),
        EventKind::Apology => {
            let date = data.new_date.clone().unwrap_or_default();
            (
                Text::new("Phiếu xin lỗi và hẹn lại ngày trả kết quả", "Apology and a new return date"),
                Text {
                    vi: format!("Hồ sơ {code} chậm trễ: {}. Ngày hẹn trả mới: {date}.", data.note),
                    en: format!("Dossier {code} is late: {}. New return date: {date}.", data.note),
                },
            )
        }
        EventKind::Returned => (
            Text::new("Đã trả kết quả", "Result returned"),
            Text {
                vi: format!("Hồ sơ {code} đã trả kết quả. Mời anh/chị đánh giá mức độ hài lòng."),
                en: format!("Dossier {code} has been returned. Please rate the service."),
            },
        ),
        _ => return Ok(None),
    };
    let owner = state.store.account_by_id(row.owner).await?;
    let email = owner
        .map(|a| a.me.email)
        .filter(|e| !e.trim().is_empty())
        .map(|recipient| Mail {
            recipient,
            subject: format!("[Một Cửa] {} — {code}", title.vi),
            body: format!(
                "{}\n\n{}\n\nTheo dõi hồ sơ / Follow your dossier: {}/ho-so/{}\n",
                body.vi,
                body.en,
                state.site_url.as_deref().unwrap_or(""),
                motcua_api::encode_component(code)
            ),
        });
    Ok(Some(NewNotification {
        account: row.owner,
        kind,
        title,
        body,
        email,
    }))
}

/// Applies an action by `me` and tells whoever listens.
pub async fn act(
    state: &AppState,
    code: &str,
    me: &Me,
    req: ActionRequest,
    now: i64,
) -> Result<DossierView, AppError> {
    let (row, access) = load(state, code, me).await?;
    let today = Date::in_vietnam(now);
    let due = due(&row)?;
    let kind = req.action.kind();
    let position = row.progress.position(row.status, due, today);
    if req.version != row.version {
        return Err(stale());
    }
    let outcome = transition(position, kind, actor(access)).map_err(|why| {
        AppError::refused(axum::http::StatusCode::CONFLICT, "not_allowed", &why.vi)
    })?;
    let (data, files) = event_data(&req.action, today)?;
    let mut progress = row.progress.clone();
    let step_before = progress.step().step.id.clone();
    let agency_before = progress.holder().to_string();
    let new_due = progress.apply(row.status, outcome, due, now, &state.calendar);
    if let Some(d) = &data.new_date {
        progress.new_date = Some(d.clone());
    }
    // Files must exist and be the actor's own; their names go into the event.
    let mut data = data;
    for id in &files {
        match state.store.upload(me.id, id).await? {
            Some(u) if u.dossier.is_none() => data.files.push(u.info),
            _ => {
                return Err(field_error(
                    "files",
                    "Một tệp đính kèm không còn; hãy tải lên lại.",
                ))
            }
        }
    }
    let event_kind = kind.event();
    let notification = notification(state, &row, event_kind, &data).await?;
    let due_date = new_due.to_string();
    let applied = state
        .store
        .apply_change(
            Change {
                code,
                version: row.version,
                status: outcome.status,
                due_date: &due_date,
                progress: &progress,
                event: NewEvent {
                    at: now,
                    kind: event_kind,
                    step: &step_before,
                    agency: &agency_before,
                    role: if access == Access::Owner {
                        Role::Applicant
                    } else {
                        Role::Officer
                    },
                    account: Some(me.id),
                    data: &data,
                },
                files: &files,
                notification,
                overdue_notified: false,
            },
            Some(me.id),
        )
        .await?;
    if !applied {
        return Err(stale());
    }
    changed(state, code);
    let (row, access) = load(state, code, me).await?;
    view(state, row, access, now).await
}

fn stale() -> AppError {
    AppError::refused(
        axum::http::StatusCode::CONFLICT,
        "stale",
        "Hồ sơ vừa thay đổi. Xem lại tình trạng mới nhất rồi thực hiện lại.",
    )
}

/// Tells live pages (and the mail worker) that a dossier changed.
pub fn changed(state: &AppState, code: &str) {
    let _ = state.changes.send(code.to_string());
    state.mail_wake.notify_one();
}

/// Marks dossiers newly past their due date: an event in their log and a message to their owner,
/// once each.
pub async fn sweep_overdue(state: &AppState, now: i64) -> anyhow::Result<usize> {
    let today = Date::in_vietnam(now).to_string();
    let mut marked = 0;
    loop {
        let codes = state.store.newly_overdue(&today, 100).await?;
        if codes.is_empty() {
            return Ok(marked);
        }
        for code in codes {
            let Some(row) = state.store.dossier_row(&code).await? else {
                continue;
            };
            let data = EventData::default();
            let notification = notification(state, &row, EventKind::Overdue, &data)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let step = row.progress.step().step.id.clone();
            let agency = row.progress.holder().to_string();
            let applied = state
                .store
                .apply_change(
                    Change {
                        code: &code,
                        version: row.version,
                        status: row.status,
                        due_date: &row.due_date,
                        progress: &row.progress,
                        event: NewEvent {
                            at: now,
                            kind: EventKind::Overdue,
                            step: &step,
                            agency: &agency,
                            role: Role::System,
                            account: None,
                            data: &data,
                        },
                        files: &[],
                        notification,
                        overdue_notified: true,
                    },
                    None,
                )
                .await?;
            if applied {
                marked += 1;
                changed(state, &code);
            }
        }
    }
}
