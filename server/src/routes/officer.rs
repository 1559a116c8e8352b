use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use motcua_api::account::{AccountKind, Me};
use motcua_api::calendar::Date;
use motcua_api::lifecycle::{days_left, timeliness, AgencyRating, Queue, QueueItem};

use super::dossiers::procedure_name;
use crate::auth::{self, CurrentAccount};
use crate::dossiers::agency_name;
use crate::error::AppError;
use crate::startup::AppState;

/// How many dossiers a queue shows at once: the nearest deadlines.
const QUEUE_LENGTH: u32 = 100;

fn officer_agency(me: &Me) -> Result<&str, AppError> {
    match (me.kind, me.agency.as_deref()) {
        (AccountKind::Officer, Some(agency)) => Ok(agency),
        _ => Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "officers_only",
            "Chỉ cán bộ của cơ quan giải quyết được xem trang này.",
        )),
    }
}

/// `GET /api/v1/officer/queue`: the open dossiers at the officer's agency, nearest step deadline
/// first, with how many are overdue or due within two working days.
pub async fn queue(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<Queue>, AppError> {
    let agency = officer_agency(&account.me)?;
    let today = Date::in_vietnam(auth::now());
    let cal = &state.calendar;
    // Near due as `timeliness` judges each item: two working days or fewer left, so any day before
    // the third working day after today (on a weekend too, when Monday is the first of the three).
    let near = cal.add_working_days(today, 3).add_days(-1);
    let (rows, total, overdue, near_due) = state
        .store
        .queue(agency, &today.to_string(), &near.to_string(), QUEUE_LENGTH)
        .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            let step = r.progress.step();
            let step_due = Date::parse(&r.step_due).unwrap_or(today);
            QueueItem {
                procedure_name: procedure_name(&state, &r.procedure),
                step: step.step.id.clone(),
                step_name: step.step.name.clone(),
                timeliness: timeliness(cal, today, step_due, None),
                days_left: days_left(cal, today, step_due),
                code: r.code,
                applicant: r.applicant,
                status: r.status,
                step_due: r.step_due,
                due_date: r.due_date,
            }
        })
        .collect();
    Ok(Json(Queue {
        agency: agency.to_string(),
        agency_name: agency_name(&state, agency),
        items,
        total,
        overdue,
        near_due,
    }))
}

/// `GET /api/v1/officer/ratings`: the agency's latest ratings, without who gave them.
pub async fn ratings(
    State(state): State<AppState>,
    account: CurrentAccount,
) -> Result<Json<Vec<AgencyRating>>, AppError> {
    let agency = officer_agency(&account.me)?;
    let rows = state.store.agency_ratings(agency, 200).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(procedure, r)| AgencyRating {
                procedure_name: procedure_name(&state, &procedure),
                overall: r.overall,
                criteria: r.criteria,
                comment: r.comment,
                rated_at: r.rated_at,
            })
            .collect(),
    ))
}
